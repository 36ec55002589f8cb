"""Logging filters: one line per failed request.

Django logs a 4xx through ``django.request`` with the exception's traceback, and the
development server logs its own request line for it as well; under DEBUG Django's
``django`` logger also has a console handler of its own, so each 403 reached the console
twice, with two tracebacks. The settings route ``django`` to the root handler only and
use these filters."""

import logging


class ClientErrorOneLine(logging.Filter):
    """A client error (4xx) is one line: the path and the reason, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500 and record.exc_info:
            exc = record.exc_info[1]
            reason = str(exc) if exc is not None else ""
            record.msg = f"{record.getMessage()}{f'（{reason}）' if reason else ''}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


class DropErrorRequestLines(logging.Filter):
    """The development server's line for a 4xx/5xx: ``django.request`` already logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        return status is None or status < 400
