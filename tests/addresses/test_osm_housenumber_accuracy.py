"""The issue's house-number target on the Helsinki yardstick, through the product path: the real extract through
`import_osm` into PostGIS → bridge → the in-memory gazetteer (tests/addresses/osm_housenumbers.py)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from addresses.bridge import gazetteer_current
from tests.addresses.osm_housenumbers import NOISE_KINDS, load_cases, report, score

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HELSINKI = Path(__file__).resolve().parents[1] / "fixtures" / "osm" / "helsinki.osm.pbf"


def test_it_has_a_yardstick_of_every_kind_of_noise_over_hundreds_of_addresses():
    cases = load_cases()
    assert len(cases) >= 2000 and len({c.query for c in cases}) >= 0.95 * len(cases)
    assert {c.noise for c in cases} == set(NOISE_KINDS)
    assert len({(c.street, c.housenumber) for c in cases}) >= 500
    assert all(c.truth for c in cases)


def test_it_places_nine_in_ten_house_numbers_within_50_m():
    call_command("import_osm", str(HELSINKI), stdout=StringIO(), stderr=StringIO(), verbosity=0)
    gazetteer = gazetteer_current().gazetteer

    def top(query):
        results = gazetteer.suggest(query, limit=1)
        return (results[0].lon, results[0].lat) if results else None

    scores = score(top)
    print(report(scores))
    assert scores.overall.share >= 0.90, report(scores)
    for kind in NOISE_KINDS:
        assert scores.by_noise[kind].share >= 0.85, report(scores)
