"""People and messages for the public-message tests, built through the services."""

import time
from datetime import date

from django.core import signing

from portal import abuse
from requests_app.interaction import services
from tests.portal.factories import DepartmentFactory, OfficeFactory, UserFactory

from .factories import grant

SENDER = {
    "kind": "consult",
    "subject": "会见预约时间",
    "text": "请问会见服刑亲属需要提前几天预约？我的身份证号220102199001011234，电话13800001111。",
    "name": "王小明",
    "phone": "13800001111",
    "email": "wxm@example.com",
}


def form_data(**extra) -> dict:
    """What the public message form posts (an empty honeypot, a form signed a minute ago)."""
    data = {
        **SENDER,
        "publish_consent": "on",
        "homepage": "",
        "ts": signing.dumps(time.time() - 60, salt=abuse.FORM_SALT),
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def clerk(username="msg_clerk", *extra):
    """A member of the Office who routes and approves messages."""
    return grant(UserFactory(username=username, department=OfficeFactory()), "manage_messages", *extra)


def answerer(username="msg_answerer", department=None):
    dept = department or DepartmentFactory(code="XFZX", name="刑罚执行处")
    return grant(UserFactory(username=username, department=dept), "answer_messages")


def message(*, on: date | None = None, consent: bool = True, **data):
    msg, _ = services.submit_message(data={**SENDER, "publish_consent": consent, **data}, today=on)
    return msg
