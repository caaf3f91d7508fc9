"""clustering: its foreign keys now name `intake` models (state only; the same tables and constraints)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('clustering', '0001_hotspot_runs_cells_clusters'),
        ('intake', '0001_models_from_requests_app'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='hotspotcluster',
                    name='category',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='intake.category', verbose_name='sub-subject'),
                ),
            ],
        ),
    ]
