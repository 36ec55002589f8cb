import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Load jieba's dictionary when the worker starts (once in the master with gunicorn
# --preload), never on a visitor's first search.
from disclosure.search import warm_up  # noqa: E402

warm_up()


def warm_up_pdf() -> None:
    """Work a first visitor would otherwise wait for, done while the worker starts (gunicorn
    imports this module in each worker before it accepts a request): the PDF fonts."""
    import logging

    from disclosure.annual_report import render as report_render

    try:
        report_render.warm_up()
    except Exception:  # a missing font library must not stop the site; the PDF view reports it
        logging.getLogger(__name__).exception("PDF warm-up failed")


if os.environ.get("PORTAL_WARM_UP", "1") == "1":
    warm_up_pdf()
