"""Site search (Art. 24: 检索). Chinese text is segmented with jieba when it is saved
(`DisclosureItem.search_tokens`); a query is segmented the same way and matched with
PostgreSQL full text over those tokens (GIN index, migration 0004). SQLite, the
embedded mode, falls back to substring matching. Every result comes from
`published_items()`."""

import jieba
from django.db import connection
from django.db.models import Case, FloatField, Q, QuerySet, Value, When

from .models import DisclosureItem
from .selectors import published_items

MAX_QUERY_LENGTH = 100
MAX_TOKENS = 12
TITLE_BONUS = 1.0


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


def search_items(raw_query: str | None) -> QuerySet[DisclosureItem]:
    """Published items matching the query, best first: title hits, then full-text rank,
    then the most recently published. An empty query matches nothing."""
    query = normalise_query(raw_query)
    if not query:
        return published_items().none()
    if connection.vendor == "postgresql":
        return _search_postgres(query)
    return _search_fallback(query)


def _title_bonus(query: str) -> Case:
    return Case(When(title__icontains=query, then=Value(TITLE_BONUS)), default=Value(0.0), output_field=FloatField())


def _search_postgres(query: str) -> QuerySet[DisclosureItem]:
    """Full text over the jieba tokens (the GIN index); when the tokens find nothing,
    because the query was segmented differently from the text, substring matching."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    tokens = query_tokens(query)
    if not tokens:
        return _search_fallback(query)
    # The exact expression of the GIN index in migration 0004.
    vector = SearchVector("search_tokens", config="simple")
    ts_query = SearchQuery(tokens[0], config="simple")
    for token in tokens[1:]:
        ts_query &= SearchQuery(token, config="simple")
    matches = published_items().annotate(search_vector=vector).filter(search_vector=ts_query)
    if not matches.exists():
        return _search_fallback(query)
    return matches.annotate(rank=SearchRank(vector, ts_query) + _title_bonus(query)).order_by(
        "-rank", "-published_at", "-id"
    )


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
            Q(title__icontains=term) | Q(summary__icontains=term) | Q(body__icontains=term)
            | Q(document_number__icontains=term) | Q(search_tokens__icontains=term.lower()) | all_tokens
        )
    return (
        published_items()
        .filter(match | terms)
        .annotate(rank=_title_bonus(query))
        .order_by("-rank", "-published_at", "-id")
    )
