"""Real Chromium: a citizen reads a draft for comment on a 390-px phone, in normal and
large-type mode, and sends a comment; no sideways scrolling, tap targets of 44 px, no
serious accessibility violation."""

import datetime
import re

import pytest
from django.utils import timezone

from disclosure.consultations.models import ConsultationComment
from tests.browser.test_phone import MIN_TARGET, TARGETS_JS, WIDE_JS, phone_context
from tests.conftest import axe_serious, watch_csp
from tests.disclosure.consultation_factories import published_consultation
from tests.review.factories import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_form(settings):
    settings.PORTAL = {**settings.PORTAL, "REQUEST_MIN_FILL_SECONDS": 0}


@pytest.mark.parametrize("mode", ["normal", "large-type"])
def test_the_comment_form_on_a_phone(browser, live_server, mode):
    today = timezone.localdate()
    consultation = published_consultation(
        World(), opens_on=today - datetime.timedelta(days=5), closes_on=today + datetime.timedelta(days=30)
    )
    context = phone_context(browser, live_server.url, 390, mode)
    pg = context.new_page()
    violations = watch_csp(pg)
    for path in ("/consultations/", f"/consultations/{consultation.item_id}/"):
        pg.goto(path)
        if mode != "normal":
            assert pg.evaluate(f"document.documentElement.classList.contains('{mode}')")
        # Against the phone's width (a mobile layout viewport widens to fit what sticks out).
        assert pg.evaluate("Math.max(document.documentElement.scrollWidth, innerWidth) <= 390"), pg.evaluate(
            WIDE_JS, 390
        )
        assert pg.evaluate(TARGETS_JS, MIN_TARGET) == []
        assert axe_serious(pg) == []
    pg.get_by_role("textbox", name=re.compile("^意见内容")).fill("建议第三条明确家属接送的具体要求。")
    pg.get_by_label("姓名（选填）").fill("王小明")
    consent = pg.get_by_label(re.compile("同意在意见采纳情况说明中引用"))
    assert not consent.is_checked()
    consent.check()
    pg.get_by_role("button", name="提交意见").click()
    pg.wait_for_url(re.compile(r"/thanks/$"))
    assert "意见已提交" in pg.locator("h1").inner_text()
    assert axe_serious(pg) == []
    context.close()
    assert violations == []
    stored = ConsultationComment.objects.get()
    assert (stored.text, stored.name, stored.consent_to_publish) == (
        "建议第三条明确家属接送的具体要求。",
        "王小明",
        True,
    )
