"""Serving stored files: one place that turns a missing file into a 404, not a 500."""

from django.http import FileResponse, Http404


def file_response(field_file, *, filename: str, content_type: str, as_attachment: bool = True) -> FileResponse:
    """Stream a stored file under its original name; a file gone from storage is a 404."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件已不存在，请联系网站管理员")
    response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Cells a spreadsheet would read as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """A CSV cell typed by the public (a name, a description, a comment) shown as text: a
    leading apostrophe when a spreadsheet would otherwise run it as a formula."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value
