"""A field worker on a phone records a site visit with a photo over a flaky connection: a dropped chunk is retried
and the photo arrives whole."""


import pytest
from playwright.sync_api import expect

from intake.attachments import IncomingFile, attachment_check
from intake.models import Attachment
from tests.fixtures.uploads.corpus import camera_jpeg
from tests.personas import PASSWORD
from tests.workflow.factories import request_make
from workflow.models import SiteVisit
from workflow.presets import preset_apply
from workflow.services import workflow_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_uploads_a_site_visit_photo_from_a_phone_despite_a_dropped_chunk(browser, live_server, operator,
                                                                           followup_expert, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    preset_apply("default")
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    photo = camera_jpeg(800)  # about 740 KB: three chunks
    (tmp_path / "pothole.jpg").write_bytes(photo)

    context = browser.new_context(locale="fa-IR", base_url=live_server.url, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto("/accounts/login/")
    page.fill("#id_username", followup_expert.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_test_id("login-form").locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)

    dropped = []

    def flaky(route):
        if "offset=262144" in route.request.url and not dropped:
            dropped.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/workflow/uploads/**", flaky)
    page.goto(f"/cases/{request.tracking_code}/visit/")
    expect(page.get_by_test_id("visit-page")).to_be_visible()
    page.get_by_test_id("photo-input").set_input_files(str(tmp_path / "pothole.jpg"))
    expect(page.get_by_test_id("upload-list")).to_contain_text("✓")
    assert dropped  # the connection really dropped once
    page.fill("textarea[name=note]", "چاله عمیق است")
    page.locator("#visit-submit").click()
    expect(page.get_by_test_id("case-page")).to_be_visible()
    visit = SiteVisit.objects.get(request=request)
    stored = visit.photos.get()
    assert stored.kind == Attachment.Kind.PHOTO
    with stored.file.open("rb") as handle:  # every byte arrived: the stored file is the whole photo re-encoded
        assert handle.read() == attachment_check(IncomingFile(name="p.jpg", content=photo)).content
    context.close()
