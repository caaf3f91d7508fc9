"""workflow: its foreign keys now name `intake` models (state only; the same tables and constraints)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0001_models_from_requests_app'),
        ('workflow', '0002_default_preset'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='cannedtext',
                    name='category',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='intake.category', verbose_name='sub-subject'),
                ),
                migrations.AlterField(
                    model_name='categorypolicy',
                    name='category',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='workflow_policy', to='intake.category', verbose_name='sub-subject'),
                ),
                migrations.AlterField(
                    model_name='chunkedupload',
                    name='attachment',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='intake.attachment'),
                ),
                migrations.AlterField(
                    model_name='chunkedupload',
                    name='request',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='intake.servicerequest'),
                ),
                migrations.AlterField(
                    model_name='correspondence',
                    name='request',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='letters', to='intake.servicerequest'),
                ),
                migrations.AlterField(
                    model_name='officialanswer',
                    name='attachments',
                    field=models.ManyToManyField(blank=True, related_name='+', to='intake.attachment'),
                ),
                migrations.AlterField(
                    model_name='officialanswer',
                    name='request',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='official_answers', to='intake.servicerequest'),
                ),
                migrations.AlterField(
                    model_name='officialrating',
                    name='request',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='intake.servicerequest'),
                ),
                migrations.AlterField(
                    model_name='requestcase',
                    name='request',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='workflow_case', to='intake.servicerequest', verbose_name='request'),
                ),
                migrations.AlterField(
                    model_name='sitevisit',
                    name='photos',
                    field=models.ManyToManyField(blank=True, related_name='+', to='intake.attachment'),
                ),
                migrations.AlterField(
                    model_name='sitevisit',
                    name='request',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='site_visits', to='intake.servicerequest'),
                ),
                migrations.AlterField(
                    model_name='survey',
                    name='request',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='surveys', to='intake.servicerequest'),
                ),
            ],
        ),
    ]
