from django.db import migrations

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION requests_history_append_only() RETURNS trigger AS $$
BEGIN
  -- The one escape hatch: reloading demo data (SET LOCAL civic.purge_demo_history = 'on').
  IF TG_OP = 'DELETE' AND current_setting('civic.purge_demo_history', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'request history is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER requests_history_append_only
  BEFORE UPDATE OR DELETE ON requests_app_requesthistory
  FOR EACH ROW EXECUTE FUNCTION requests_history_append_only();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS requests_history_append_only ON requests_app_requesthistory;
DROP FUNCTION IF EXISTS requests_history_append_only();
"""

# Metre distances (duplicate checks, proximity) use the geography cast; index that same expression.
GEOGRAPHY_INDEX = """
CREATE INDEX IF NOT EXISTS request_location_geog_gist
  ON requests_app_servicerequest USING gist ((location::geography));
"""


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0001_initial")]

    operations = [
        migrations.RunSQL(APPEND_ONLY, DROP_APPEND_ONLY),
        migrations.RunSQL(GEOGRAPHY_INDEX, "DROP INDEX IF EXISTS request_location_geog_gist;"),
    ]
