"""The item editor shows only the fields of the chosen kind, and saves nothing from a
field that does not belong to it."""

import re

import pytest
from django.urls import reverse

from disclosure.models import DisclosureItem, Topic

pytestmark = pytest.mark.django_db
URL = reverse("review:item_create")


def _wrapper(html: str, name: str) -> str:
    pattern = r'<div class="field[^"]*"([^>]*)>\s*(?:<div[^>]*>\s*)?<label for="id_' + name + '"'
    m = re.search(pattern, html)
    assert m, name
    return m.group(1)


def _data(**extra):
    data = {
        "kind": "document",
        "title": "新建的信息",
        "summary": "概述",
        "doc_type": "other",
        "formed_on": "2026-11-02",
        "topic": Topic.objects.get(code="regulations").pk,
        "proposed_attribute": "proactive",
        "body": "<p>正文</p>",
    }
    data.update(extra)
    return data


def test_fields_of_other_kinds_are_hidden_and_the_switch_is_a_static_script(client, world):
    client.force_login(world.drafter)
    html = client.get(URL).content.decode()
    assert " hidden" in _wrapper(html, "report_year") and 'data-show-values="annual_report"' in _wrapper(
        html, "report_year"
    )
    assert " hidden" not in _wrapper(html, "document_number")
    assert " hidden" not in _wrapper(html, "doc_type")
    assert " hidden" in _wrapper(html, "proposed_ground")
    assert "js/item-form.js" in html
    # No inline script of ours (a strict CSP forbids them); only the editor's JSON config.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attrs for attrs in inline), inline
    assert '"removePlugins": ["WordCount"]' in html


def test_a_news_item_saves_nothing_from_report_or_document_fields(client, world):
    client.force_login(world.drafter)
    r = client.post(
        URL,
        _data(
            kind="news", title="新闻一则", report_year="2025", document_number="示狱发〔2026〕9号", doc_type="normative"
        ),
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    item = DisclosureItem.objects.get(title="新闻一则")
    assert (item.report_year, item.document_number, item.doc_type) == (None, "", "other")


def test_an_annual_report_needs_its_year_and_shows_the_field(client, world):
    client.force_login(world.drafter)
    r = client.post(URL, _data(kind="annual_report", title="2025年度报告", report_year=""))
    assert r.status_code == 200
    html = r.content.decode()
    assert "年度报告须填写报告年度" in html and " hidden" not in _wrapper(html, "report_year")
    assert " hidden" in _wrapper(html, "doc_type")
    assert "2025年度报告" in html  # what was typed is kept
    # An invalid value in a hidden field is no error.
    r = client.post(URL, _data(title="带错误年度的文件", report_year="abc"))
    assert r.status_code == 302
