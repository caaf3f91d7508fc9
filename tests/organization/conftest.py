import pytest


@pytest.fixture(autouse=True)
def workflow_configured(request):
    """The default preset (the data migration loads it; this also covers runs without migrations)."""
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames \
            and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("db") if "transactional_db" not in request.fixturenames else None
    from workflow.models import Box
    from workflow.presets import preset_apply

    if not Box.objects.filter(is_active=True, is_start=True).exists():
        preset_apply("default")
