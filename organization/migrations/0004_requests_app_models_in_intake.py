"""organization: its foreign keys now name `intake` models (state only; the same tables and constraints)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0001_models_from_requests_app'),
        ('organization', '0003_default_deputies_and_roles'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='reference',
                    name='categories',
                    field=models.ManyToManyField(blank=True, help_text='Sub-subjects this reference answers; used to route messages automatically.', related_name='+', to='intake.category', verbose_name='sub-subjects'),
                ),
            ],
        ),
    ]
