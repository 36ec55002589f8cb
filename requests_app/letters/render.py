"""A letter as a PDF on A4, from its frozen text (WeasyPrint)."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.template.loader import render_to_string

from .models import Letter


def letter_pdf(letter: Letter) -> bytes:
    """The PDF of the frozen text; cached by its SHA-256 (the text never changes)."""
    key = f"letters:pdf:{letter.sha256}"
    data = cache.get(key)
    if data is None:
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher

        html = render_to_string("requests_app/letters/document.html", {"letter": letter})
        # The document needs nothing external; nothing is fetched.
        data = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
        cache.set(key, data, 7 * 24 * 3600)
    return data
