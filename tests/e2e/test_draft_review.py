"""A draft from SMS, reviewed in Chromium: it arrives through the webhook, waits in the receipt inbox marked
draft, the operator opens it, places it with the gazetteer address widget, confirms it — the tracking code is
issued (shown, and texted by the Celery worker) and the history shows the confirmation — and refers it onward."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from intake.models import ServiceRequest, SmsMessage, Status
from tests.e2e.test_intake import street_make, wait_for
from tests.e2e.test_shell import log_in
from tests.intake.factories import CENTRE, categories_make, city_make, offset

pytestmark = [pytest.mark.e2e, pytest.mark.celery, pytest.mark.django_db(transaction=True)]

SECRET = "draft-review-secret"
FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def test_it_reviews_an_sms_draft_from_the_receipt_inbox_to_a_registered_case(page, operator, celery_worker, tmp_path):
    from workflow.models import Box, RequestCase
    from workflow.presets import preset_apply

    if not Box.objects.filter(is_start=True, is_active=True).exists():
        preset_apply("default")  # transactional tests flush the preset the migration loaded
    region = city_make()
    cats = categories_make()
    street_make(region, "کوچه نسترن", east_m=(1400, 1600))

    outbox = tmp_path / "outbox.jsonl"
    with override_settings(SMS_INBOUND_SECRET=SECRET, SMS_FILE_PATH=str(outbox),
                           SMS_BACKEND="intake.channels.sms_backends.FileBackend"):
        response = page.request.post("/channels/sms/inbound/", headers={"X-Webhook-Secret": SECRET},
                                     form={"from": "09121234567", "text": "چراغ کوچه نسترن دو شب است خاموش است",
                                           "id": "prov-1"})
        assert response.ok, response.text()
        draft = ServiceRequest.objects.get(channel="sms")
        assert draft.status == Status.DRAFT

        log_in(page, operator.username)
        page.goto("/inbox/receipt/")
        row = page.locator(f'[data-testid=inbox-row][data-href="/cases/{draft.tracking_code}/"]')
        expect(row.get_by_test_id("draft-badge")).to_have_text("پیش‌نویس")
        expect(row).to_contain_text("چراغ کوچه نسترن")
        expect(row).not_to_contain_text(draft.tracking_code.translate(FA))  # no tracking code before review
        expect(page.get_by_test_id("count-drafts")).to_have_text("۱")
        row.get_by_test_id("open-draft").click()

        review = page.get_by_test_id("draft-review")
        expect(review).to_be_visible()
        expect(page.get_by_test_id("draft-badge")).to_be_visible()
        review.get_by_test_id("draft-category").select_option(label="روشنایی / چراغ خاموش")
        review.get_by_test_id("address-input").type("ک نسترن", delay=30)
        suggestion = review.get_by_test_id("address-suggestion").first
        expect(suggestion).to_contain_text("کوچه نسترن")
        suggestion.click()
        expect(review.get_by_test_id("chosen-region")).to_have_text("منطقه ۶")
        review.get_by_test_id("draft-text").fill("چراغ کوچه نسترن دو شب است خاموش است؛ تیر سوم")
        review.get_by_test_id("draft-confirm").click()

        code = page.get_by_test_id("tracking-code")
        expect(code).to_have_text(draft.tracking_code.translate(FA))
        expect(page.get_by_test_id("draft-review")).to_have_count(0)
        expect(page.get_by_test_id("case-status")).to_have_text("ثبت‌شده")
        confirm = page.locator("[data-testid=timeline-item][data-action=confirm]")
        expect(confirm).to_contain_text("پیش‌نویس تأیید و ثبت شد")
        expect(confirm).to_contain_text("مریم احمدی")
        expect(page.locator("ul.messages")).to_contain_text(draft.tracking_code.translate(FA))

        sms = wait_for(lambda: SmsMessage.objects.filter(request=draft, direction="out", state="sent").first())
        assert draft.tracking_code in sms.text and draft.tracking_code in outbox.read_text(encoding="utf-8")

    draft.refresh_from_db()
    lon, lat = offset(*CENTRE, east_m=1500)
    assert draft.status == Status.REGISTERED and draft.category == cats["lamp"]
    assert draft.location.x == pytest.approx(lon, abs=0.0015) and draft.district.code == "6-1"
    assert "نسترن" in draft.address_text and draft.text.endswith("تیر سوم")

    # Now an ordinary case: referred onward from the receipt inbox through the workflow.
    page.get_by_test_id("submit-refer").click()
    page.wait_for_url("**/inbox/receipt/")
    assert RequestCase.objects.get(request=draft).box.code == "followup"
