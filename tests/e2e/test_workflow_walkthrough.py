"""One request walks the whole cycle in Chromium: receipt → follow-up (official's answer) → response (not done) →
follow-up again → response (done) → archive, and the coloured history shows every step. Then the same walk with
one user under the small-city preset (merged roles)."""

import pytest
from playwright.sync_api import expect

from tests.personas import PASSWORD, persona_roles
from tests.workflow.factories import official_make, reference_make, request_make
from workflow.presets import preset_apply
from workflow.services import workflow_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WALK = ["workflow_start", "refer", "answer", "survey_not_done", "answer", "survey_done"]


def session(browser, live_server, user):
    context = browser.new_context(locale="fa-IR", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_test_id("login-form").locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    return page


def open_from_inbox(page, url_path: str, inbox: str, tracking_code: str):
    page.goto(url_path)
    expect(page.get_by_test_id(f"inbox-{inbox}")).to_be_visible()
    page.get_by_test_id("inbox-row").filter(has_text=_fa(tracking_code)).get_by_role("link").click()
    expect(page.get_by_test_id("case-page")).to_be_visible()


def _fa(code: str) -> str:
    return code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def refer(page, assignee_id=None):
    form = page.get_by_test_id("form-refer")
    if assignee_id:
        form.get_by_test_id("assignee-refer").select_option(str(assignee_id))
    form.get_by_test_id("text-refer").fill("لطفاً پیگیری شود")
    form.get_by_test_id("submit-refer").click()


def answer(page, text):
    form = page.get_by_test_id("form-answer")
    form.get_by_test_id("answer-text").fill(text)
    form.get_by_test_id("submit-answer").click()


def survey(page, satisfaction: int, done: bool, comment: str):
    form = page.get_by_test_id("form-survey")
    form.get_by_test_id(f"satisfaction-{satisfaction}").check()
    form.get_by_test_id("done-yes" if done else "done-no").check()
    form.get_by_test_id("survey-comment").fill(comment)
    form.get_by_test_id("submit-survey").click()


def check_history(page, tracking_code):
    page.goto(f"/cases/{tracking_code}/")
    expect(page.get_by_test_id("case-box")).to_have_text("بایگانی")
    items = page.get_by_test_id("timeline-item")
    expect(items).to_have_count(len(WALK))
    assert [items.nth(i).get_attribute("data-action") for i in range(len(WALK))] == WALK
    colors = {}
    for i, action in enumerate(WALK):
        border = items.nth(i).evaluate("el => getComputedStyle(el).borderInlineStartColor")
        colors.setdefault(action, set()).add(border)
    assert all(len(c) == 1 for c in colors.values())  # one colour per operation …
    assert len({next(iter(c)) for c in colors.values()}) == len(colors)  # … and a different one for each
    expect(page.get_by_test_id("timeline")).to_contain_text("اصلاح شد")
    expect(page.get_by_test_id("timeline")).to_contain_text("هنوز خراب است")


def _setup_request(operator):
    ref = reference_make(name="منطقه ۶")
    official = official_make(reference=ref)
    request = request_make(text="چراغ کوچه خاموش است")
    workflow_start(request=request, actor=operator)
    return request, official


def test_it_walks_one_request_through_the_three_role_cycle(browser, live_server, operator, followup_expert, responder):
    preset_apply("default")
    request, _ = _setup_request(operator)
    code = request.tracking_code

    op = session(browser, live_server, operator)
    open_from_inbox(op, "/inbox/receipt/", "receipt", code)
    refer(op, followup_expert.pk)
    expect(op.get_by_test_id("inbox-receipt")).to_be_visible()

    fu = session(browser, live_server, followup_expert)
    open_from_inbox(fu, "/inbox/followup/", "followup", code)
    answer(fu, "لامپ تعویض شد؛ اصلاح شد")

    rs = session(browser, live_server, responder)
    open_from_inbox(rs, "/inbox/response/", "response", code)
    expect(rs.get_by_test_id("official-answer")).to_contain_text("اصلاح شد")
    survey(rs, 2, False, "هنوز خراب است")

    open_from_inbox(fu, "/inbox/followup/", "followup", code)
    answer(fu, "دوباره بازدید و تعمیر شد")

    open_from_inbox(rs, "/inbox/response/", "response", code)
    survey(rs, 5, True, "درست شد، ممنون")

    request.refresh_from_db()
    assert request.status == "archived"
    check_history(rs, code)


def test_it_walks_the_same_cycle_with_one_clerk_under_the_small_city_preset(browser, live_server, operator,
                                                                            django_user_model):
    preset_apply("small_city")
    clerk = django_user_model.objects.create_user(username="clerk", password=PASSWORD, first_name="سارا",
                                                  last_name="امینی")
    persona_roles(clerk, "clerk")
    request, _ = _setup_request(operator)
    code = request.tracking_code

    page = session(browser, live_server, clerk)
    open_from_inbox(page, "/inbox/receipt/", "receipt", code)
    refer(page)
    open_from_inbox(page, "/inbox/followup/", "followup", code)
    answer(page, "لامپ تعویض شد؛ اصلاح شد")
    open_from_inbox(page, "/inbox/response/", "response", code)
    survey(page, 1, False, "هنوز خراب است")
    open_from_inbox(page, "/inbox/followup/", "followup", code)
    answer(page, "دوباره تعمیر شد")
    open_from_inbox(page, "/inbox/response/", "response", code)
    survey(page, 4, True, "درست شد")
    request.refresh_from_db()
    assert request.status == "archived"
    page.goto("/inbox/feedback/")  # the small city has no feedback inbox
    assert "inbox-feedback" not in page.content()
    check_history(page, code)
