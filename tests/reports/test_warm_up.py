"""The report PDF's fonts are loaded when a web worker starts, not on a visitor's request."""

import importlib
import logging
import sys
import time

import pytest

from disclosure.annual_report import render as report_render


def test_importing_the_wsgi_module_warms_the_pdf_renderer(monkeypatch):
    calls = []
    monkeypatch.setattr(report_render, "warm_up", lambda: calls.append("pdf"))
    monkeypatch.setenv("PORTAL_WARM_UP", "1")
    sys.modules.pop("portal.wsgi", None)
    importlib.import_module("portal.wsgi")
    assert calls == ["pdf"]


def test_a_failing_warm_up_does_not_stop_the_worker(monkeypatch):
    def broken():
        raise OSError("libpango missing")

    logged = []
    monkeypatch.setattr(logging.Logger, "exception", lambda self, msg, *a, **k: logged.append((self.name, msg)))
    monkeypatch.setattr(report_render, "warm_up", broken)
    monkeypatch.setenv("PORTAL_WARM_UP", "1")
    sys.modules.pop("portal.wsgi", None)
    module = importlib.import_module("portal.wsgi")
    assert module.application is not None
    assert logged == [("portal.wsgi", "PDF warm-up failed")]


@pytest.mark.django_db
def test_after_warm_up_a_report_pdf_renders_quickly():
    report_render.warm_up()
    started = time.perf_counter()
    pdf = report_render.render_pdf("<h2>二、主动公开政府信息情况</h2><p>本年度主动公开政府信息。</p>", title="测试")
    assert pdf.startswith(b"%PDF")
    assert time.perf_counter() - started < 3
