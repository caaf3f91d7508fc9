"""The rows data migrations load (role groups, deputies, role definitions, the default workflow preset).

Transactional tests (live server, Celery worker) empty every table when they finish, taking those rows with them;
tests that come after put them back through `seed_data_ensure()` (an autouse fixture in tests/conftest.py).
"""

import importlib

from django.apps import apps


def _migration(app: str, name: str):
    return importlib.import_module(f"{app}.migrations.{name}")


def seed_data_ensure() -> None:
    from workflow.models import Box
    from workflow.presets import preset_apply

    if Box.objects.filter(is_active=True, is_start=True).exists():
        return
    _migration("organization", "0001_role_groups").create_role_groups(apps, None)
    _migration("organization", "0003_default_deputies_and_roles").create_defaults(apps, None)
    preset_apply("default")
