"""Search result presentation: the matched words marked, and a snippet of the text
around the first match. Pure functions over strings (the query itself is run by
`disclosure.search`)."""

import re

import jieba
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_BEFORE = 30
SNIPPET_LENGTH = 120


def highlight_terms(query: str) -> list[str]:
    """The words to mark: each word of the query as typed, and jieba's search tokens of
    it (two characters or more, so that a particle like 的 is not marked everywhere),
    longest first so that the longest match wins."""
    terms: set[str] = set()
    for word in query.split():
        terms.add(word)
        for token in jieba.cut_for_search(word):
            token = token.strip()
            if len(token) >= 2 and any(ch.isalnum() for ch in token):
                terms.add(token)
    return sorted(terms, key=lambda t: (-len(t), t))


def _pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """`text` escaped, with every occurrence of a term wrapped in <mark>."""
    text = text or ""
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped above
    out, pos = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[pos : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        pos = match.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped


def snippet(text: str, terms: list[str]) -> str:
    """About SNIPPET_LENGTH characters of `text` around the first matched term (the
    start of the text when nothing matches), with ellipses where it was cut."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - SNIPPET_BEFORE) if match else 0
    end = min(len(text), start + SNIPPET_LENGTH)
    start = max(0, min(start, end - SNIPPET_LENGTH))
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


def result_snippet(*, summary: str, body_text: str, terms: list[str]) -> str:
    """The summary when a term occurs in it, else the passage of the body where one does,
    else the summary (or the start of the body when there is no summary)."""
    pattern = _pattern(terms)
    if summary and pattern and pattern.search(summary):
        return snippet(summary, terms)
    if body_text and pattern and pattern.search(body_text):
        return snippet(body_text, terms)
    return snippet(summary or body_text, terms)


def result_snippets(items, terms: list[str]) -> list[tuple[object, str]]:
    """(item, snippet) for one page of results. The list rows carry no body (the search
    selects only the listed columns), so the bodies of the page come in one query."""
    from portal.html import to_text

    from .selectors import published_items
    from .summaries import readable_summary

    items = list(items)
    bodies = dict(published_items().filter(pk__in=[item.pk for item in items]).values_list("pk", "body"))
    return [
        (item, result_snippet(summary=readable_summary(item), body_text=to_text(bodies.get(item.pk, "")), terms=terms))
        for item in items
    ]
