"""A database laid out by the previous main (intake's models under the `requests_app` label) migrates to the
new rooms without losing a request, a case, a history row, an attachment or a content type."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from intake.models import Attachment, Category, RequestHistory, ServiceRequest
from workflow.models import RequestCase

# The leaf migrations of every app that the move touched, as they were on the previous main.
PREVIOUS_MAIN = [
    ("requests_app", "0003_intake"),
    ("workflow", "0002_default_preset"),
    ("organization", "0003_default_deputies_and_roles"),
    ("clustering", "0001_hotspot_runs_cells_clusters"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _old_rows(apps) -> dict:
    """What the previous main held: a sub-subject, a request with its case, two history rows and a file."""
    category_model = apps.get_model("requests_app", "Category")
    subject = category_model.objects.create(code="mig-subject", name_fa="موضوع", name_en="Subject")
    category = category_model.objects.create(code="mig-sub", name_fa="زیرموضوع", name_en="Sub", parent=subject)
    request = apps.get_model("requests_app", "ServiceRequest").objects.create(
        tracking_code="13700000017", channel="phone", urgency="trackable", category=category, text="چاله عمیق",
        status="registered", created_at=timezone.now())
    history = apps.get_model("requests_app", "RequestHistory").objects
    history.create(request=request, action="register", to_status="registered", created_at=timezone.now())
    history.create(request=request, action="attach", created_at=timezone.now())
    apps.get_model("requests_app", "Attachment").objects.create(
        request=request, kind="photo", file="attachments/2026/12/pothole.jpg", original_name="pothole.jpg",
        content_type="image/jpeg", size=1234)
    box = apps.get_model("workflow", "Box").objects.order_by("pk").first()
    apps.get_model("workflow", "RequestCase").objects.create(request=request, box=box, entered_box_at=timezone.now())
    old_type = apps.get_model("contenttypes", "ContentType").objects
    old_type.filter(app_label="intake").delete()
    for model in ("servicerequest", "category", "attachment"):
        old_type.get_or_create(app_label="requests_app", model=model)
    return {"request": request.pk, "box": box.pk}


@pytest.mark.django_db(transaction=True)
def test_it_keeps_requests_cases_history_attachments_and_content_types_from_the_previous_layout():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    executor = _migrate([*PREVIOUS_MAIN, ("intake", None)])  # the previous main had no intake app
    try:
        old = _old_rows(executor.loader.project_state(PREVIOUS_MAIN).apps)
    finally:
        _migrate(latest)
    ContentType.objects.clear_cache()

    request = ServiceRequest.objects.select_related("category__parent").get(pk=old["request"])
    assert (request.tracking_code, request.text, request.category.code, request.category.parent.code) == (
        "13700000017", "چاله عمیق", "mig-sub", "mig-subject")
    assert sorted(RequestHistory.objects.filter(request=request).values_list("action", flat=True)) == [
        "attach", "register"]
    attachment = Attachment.objects.get(request=request)
    assert (attachment.file.name, attachment.size) == ("attachments/2026/12/pothole.jpg", 1234)
    assert RequestCase.objects.get(request=request).box_id == old["box"]
    assert Category.objects.filter(code__startswith="mig-").count() == 2
    labels = set(ContentType.objects.filter(model__in=["servicerequest", "category", "attachment"])
                 .values_list("app_label", flat=True))
    assert labels == {"intake"}
    assert ContentType.objects.get_for_model(ServiceRequest).app_label == "intake"
