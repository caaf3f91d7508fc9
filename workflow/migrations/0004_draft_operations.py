"""Draft review through the engine: operation kinds `confirm` and `link`, and the operations confirm, answered on
the spot and link-to-an-open-case with their relations from the start inbox (added to the city's configuration,
which is otherwise left as it is)."""

from django.db import migrations, models


def install(apps, schema_editor):
    from workflow.presets import draft_operations_install

    draft_operations_install(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0003_requests_app_models_in_intake"),
    ]

    operations = [
        migrations.AlterField(
            model_name="operation",
            name="kind",
            field=models.CharField(
                choices=[("refer", "referral"), ("answer", "official's answer"), ("respond", "citizen response"),
                         ("return", "return"), ("archive", "archive"), ("reopen", "reopen"),
                         ("feedback", "feedback"), ("note", "note"), ("confirm", "draft confirmation"),
                         ("link", "draft linked to an open case")],
                default="refer", max_length=20, verbose_name="kind"),
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
