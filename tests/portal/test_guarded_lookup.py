"""The throttle shared by the public lookups (a request's or a message's number and code)."""

import pytest
from django.core import signing

from portal import abuse
from portal.captcha import CAPTCHA_SALT

pytestmark = pytest.mark.django_db

FOUND = object()


def test_a_number_guessed_at_from_many_addresses_asks_a_question_before_checking_the_code():
    calls = []

    def find():
        calls.append(1)
        return None

    for n in range(abuse.LOOKUP_LIMIT):
        result = abuse.guarded_lookup({}, f"10.0.0.{n}", "LY2026-00001", noun="留言编号", find=find)
        assert result.error == "留言编号或查询码不正确。" and result.found is None
    assert len(calls) == abuse.LOOKUP_LIMIT
    # The last failure already asks the question for the next try.
    assert result.captcha_question and result.captcha_token

    asked = abuse.guarded_lookup({}, "10.0.1.1", "LY2026-00001", noun="留言编号", find=lambda: FOUND)
    assert asked.found is None and "该留言编号近期查询失败次数较多" in asked.error
    wrong = abuse.guarded_lookup(
        {"captcha_token": asked.captcha_token, "captcha_answer": "999"},
        "10.0.1.1",
        "LY2026-00001",
        noun="留言编号",
        find=lambda: FOUND,
    )
    assert wrong.error == "验证问题的答案不正确，请重新回答。" and wrong.captcha_question
    answer = signing.loads(wrong.captcha_token, salt=CAPTCHA_SALT)["a"]
    right = abuse.guarded_lookup(
        {"captcha_token": wrong.captcha_token, "captcha_answer": str(answer)},
        "10.0.1.1",
        "LY2026-00001",
        noun="留言编号",
        find=lambda: FOUND,
    )
    assert right.found is FOUND and right.error == ""


def test_an_address_that_failed_too_often_is_refused_without_checking():
    for _ in range(abuse.LOOKUP_LIMIT):
        abuse.guarded_lookup({}, "10.9.9.9", f"2026-{_:05d}", noun="申请编号", find=lambda: None)
    result = abuse.guarded_lookup({}, "10.9.9.9", "2026-99999", noun="申请编号", find=lambda: pytest.fail("checked"))
    assert result.error == "查询失败次数过多，请15分钟后再试。"
