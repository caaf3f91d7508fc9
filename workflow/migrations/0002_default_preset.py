from django.db import migrations


def load_default(apps, schema_editor):
    from workflow.presets import preset_apply

    preset_apply("default", apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0001_workflow_config_and_cases"),
        ("organization", "0003_default_deputies_and_roles"),
    ]

    operations = [migrations.RunPython(load_default, migrations.RunPython.noop)]
