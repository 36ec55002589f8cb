"""Site search (Art. 24: 检索).

Chinese text is segmented with jieba once, when a service writes an item's content
(`index_items`, called by `services.save_content`); a query is segmented the same way.

PostgreSQL: two stored tsvector columns with GIN indexes (migration 0008):
`search_vector` weights the title A, the summary B, the document number C and the body
D; `search_title` holds the title alone. A query ranks a bounded candidate set: the most
recent matches in the title and the most recent matches anywhere (CANDIDATES each),
title hits first, then `ts_rank`, then recency. The count of all matches is capped
(COUNT_CAP) and cached until the next content change; nothing ranks every match.

SQLite, the embedded mode, and PostgreSQL when the tokens find nothing fall back to
substring matching. Every result comes from `published_items()`."""

from collections.abc import Iterable

import jieba
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, F, FloatField, Q, QuerySet, Value, When

from portal.html import to_text
from portal.public_cache import cached_for_generation

from .models import DisclosureItem
from .selectors import LIST_COLUMNS, listed_items, published_items

jieba.setLogLevel(60)  # its console handler would print on every dictionary load

MAX_QUERY_LENGTH = 100
MAX_TOKENS = 12
TITLE_BONUS = 1.0
CANDIDATES = 200
COUNT_CAP = 10_000
# (part, tsvector weight)
WEIGHTS = (("title", "A"), ("summary", "B"), ("number", "C"), ("body", "D"))


def warm_up() -> None:
    """Load jieba's dictionary now (worker start), not on a visitor's first search."""
    jieba.initialize()


def tokens_of(text: str) -> str:
    """Space-separated jieba search tokens (full words and their sub-words), lower case."""
    if not text:
        return ""
    return " ".join(w.strip().lower() for w in jieba.cut_for_search(text) if w.strip())


def search_parts(*, title: str, summary: str, body_html: str, number: str) -> dict[str, str]:
    """The tokens of each searchable part of an item."""
    return {
        "title": tokens_of(title),
        "summary": tokens_of(summary),
        "number": tokens_of(number),
        "body": tokens_of(to_text(body_html)),
    }


def _vector_sql(alias: str) -> str:
    return " || ".join(f"setweight(to_tsvector('simple', {alias}.{part}), '{weight}')" for part, weight in WEIGHTS)


def index_items(items: Iterable[DisclosureItem]) -> None:
    """Store the search tokens (and on PostgreSQL the weighted vectors) of these items,
    in one statement per thousand rows."""
    rows = []
    for item in items:
        parts = search_parts(title=item.title, summary=item.summary, body_html=item.body, number=item.document_number)
        tokens = " ".join(p for p in (parts["title"], parts["summary"], parts["body"], parts["number"]) if p)
        rows.append((item.pk, tokens, parts))
        item.search_tokens = tokens
    for start in range(0, len(rows), 1000):
        _store(rows[start : start + 1000])


def _store(rows: list) -> None:
    if connection.vendor != "postgresql":
        for pk, tokens, _ in rows:
            DisclosureItem.objects.filter(pk=pk).update(search_tokens=tokens)
        return
    table = DisclosureItem._meta.db_table
    values = ", ".join(["(%s::bigint, %s, %s, %s, %s, %s)"] * len(rows))
    params = []
    for pk, tokens, parts in rows:
        params += [pk, tokens, parts["title"], parts["summary"], parts["number"], parts["body"]]
    sql = (
        f"UPDATE {table} AS item SET search_tokens = v.tokens, "
        f"search_vector = {_vector_sql('v')}, search_title = to_tsvector('simple', v.title) "
        f"FROM (VALUES {values}) AS v(id, tokens, title, summary, number, body) WHERE item.id = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def normalise_query(raw: str | None) -> str:
    """What we search for: printable text, single spaces, at most MAX_QUERY_LENGTH characters."""
    if not raw:
        return ""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(cleaned.split())[:MAX_QUERY_LENGTH]


def query_tokens(query: str) -> list[str]:
    """jieba search tokens of the query (the same segmentation as the stored tokens),
    without punctuation, de-duplicated, in order."""
    tokens: list[str] = []
    for word in jieba.cut_for_search(query):
        word = word.strip().lower()
        if word and any(ch.isalnum() for ch in word) and word not in tokens:
            tokens.append(word)
    return tokens[:MAX_TOKENS]


class SearchResults:
    """The ranked candidates of a query (a queryset to page through) and the number of
    all matches (`total`, at most COUNT_CAP; `capped` when there are more)."""

    def __init__(self, candidates: QuerySet, total: int):
        self.candidates = candidates
        self.total = min(total, COUNT_CAP)
        self.capped = total > COUNT_CAP

    def __iter__(self):
        return iter(self.candidates)

    def page(self, raw_number: str, *, per_page: int) -> Page:
        """One page of the ranked results: the ranked keys in one query (at most
        2 × CANDIDATES on PostgreSQL), then only that page's rows."""
        keys = list(self.candidates.values_list("pk", flat=True)[: 2 * CANDIDATES])
        number = raw_number if raw_number.isdigit() and len(raw_number) < 10 else 1
        page = Paginator(keys, per_page).get_page(number)
        rows = {row.pk: row for row in listed_items(page.object_list)}
        page.object_list = [rows[k] for k in page.object_list if k in rows]
        return page


def run_search(raw_query: str | None) -> SearchResults:
    """Published items matching the query, best first. An empty query matches nothing."""
    query = normalise_query(raw_query)
    if not query:
        return SearchResults(published_items().none(), 0)
    if connection.vendor == "postgresql":
        found = _search_postgres(query)
        if found is not None:
            return found
    matches = _search_fallback(query)
    return SearchResults(matches, _count(matches, f"fallback:{query}"))


def search_items(raw_query: str | None) -> QuerySet[DisclosureItem]:
    """The ranked results as a queryset (bounded on PostgreSQL, see the module docstring)."""
    return run_search(raw_query).candidates


def _title_bonus(query: str) -> Case:
    return Case(When(title__icontains=query, then=Value(TITLE_BONUS)), default=Value(0.0), output_field=FloatField())


def _count(matches: QuerySet, name: str) -> int:
    """How many items match, up to COUNT_CAP + 1, once per content generation."""
    capped = matches.order_by().values("pk")[: COUNT_CAP + 1]
    return cached_for_generation(f"search-count:{name}", lambda: capped.count())


def _search_postgres(query: str) -> SearchResults | None:
    """Full text over the stored vectors (GIN); None when the tokens find nothing, because
    the query was segmented differently from the text (the caller then matches substrings)."""
    from django.contrib.postgres.search import SearchQuery, SearchRank

    tokens = query_tokens(query)
    if not tokens:
        return None
    ts_query = SearchQuery(tokens[0], config="simple")
    for token in tokens[1:]:
        ts_query &= SearchQuery(token, config="simple")
    matches = published_items().filter(search_vector=ts_query)
    total = _count(matches, f"fts:{' '.join(tokens)}")
    if not total:
        return None
    recent = ("-published_at", "-id")
    in_title = published_items().filter(search_title=ts_query).order_by(*recent).values("pk")[:CANDIDATES]
    anywhere = matches.order_by(*recent).values("pk")[:CANDIDATES]
    title_hit = ExpressionWrapper(Q(search_title=ts_query), output_field=BooleanField())
    candidates = (
        published_items()
        .select_related(None)
        .select_related("publisher")
        .filter(pk__in=in_title.union(anywhere))
        .only(*LIST_COLUMNS)
        .annotate(title_hit=title_hit, rank=SearchRank(F("search_vector"), ts_query))
        .order_by("-title_hit", "-rank", *recent)
    )
    return SearchResults(candidates, total)


def _search_fallback(query: str) -> QuerySet[DisclosureItem]:
    """Every whitespace-separated term (or each jieba token of it) must occur in some
    searchable field, or the whole query in the document number."""
    match = Q(document_number__icontains=query)
    terms = Q()
    for term in query.split():
        # A term typed without spaces ("春节会见") also matches when each of its jieba
        # tokens occurs in the stored tokens, as it would on PostgreSQL.
        all_tokens = Q()
        for token in query_tokens(term):
            all_tokens &= Q(search_tokens__icontains=token)
        terms &= (
            Q(title__icontains=term)
            | Q(summary__icontains=term)
            | Q(body__icontains=term)
            | Q(document_number__icontains=term)
            | Q(search_tokens__icontains=term.lower())
            | all_tokens
        )
    return (
        published_items()
        .filter(match | terms)
        .annotate(rank=_title_bonus(query))
        .order_by("-rank", "-published_at", "-id")
    )
