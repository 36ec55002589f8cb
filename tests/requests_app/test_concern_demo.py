"""The register's demo: two open entries with their clocks, and a closed one once the
published 回应关切 item it links to exists; safe to run twice."""

import io

import pytest

from requests_app.concerns import demo
from requests_app.concerns.choices import ConcernLevel, Milestone
from requests_app.models import ConcernEntry
from tests.requests_app.concern_helpers import response_item

pytestmark = pytest.mark.django_db


def test_demo_entries_are_loaded_once(django_capture_on_commit_callbacks):
    from portal import demo as portal_demo

    ctx = {"stdout": io.StringIO(), "passwords": {}}
    portal_demo.load(ctx)
    response_item(title=demo.CLOSED_RESPONSE_TITLE)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            demo.load(ctx)
    assert ConcernEntry.objects.count() == 3
    major = ConcernEntry.objects.get(summary=demo.MAJOR)
    timers = {t.milestone: t for t in major.timers()}
    assert major.level == ConcernLevel.MAJOR and timers[Milestone.AUTHORITATIVE_INFO].met
    assert timers[Milestone.PRESS_CONFERENCE].running and not timers[Milestone.PRESS_CONFERENCE].overdue
    late = ConcernEntry.objects.get(summary=demo.OVERDUE)
    assert late.timers()[0].overdue and late.is_open
    closed = ConcernEntry.objects.get(summary=demo.CLOSED)
    assert not closed.is_open and closed.response_title == demo.CLOSED_RESPONSE_TITLE
    assert "舆情台账维护" in ctx["passwords"]["gk_head"][1]
    out = ctx["stdout"].getvalue()
    assert out.count("舆情台账演示数据：共") == 2 and out.count(f"{closed.reference} 已关联回应关切信息并办结") == 1
