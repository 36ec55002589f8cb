import datetime

import pytest
from django.db import connection

from disclosure.search import normalise_query, query_tokens, search_items
from tests.disclosure.factories import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(profile):
    return {
        "budget": published(
            title="示例省监狱管理局2025年部门预算公开",
            summary="部门收支预算总表。",
            body="<p>公开部门预算。</p>",
            document_number="",
        ),
        "prison": published(
            title="全省监狱系统召开推进会", summary="会议要求。", body="<p>各监狱要抓好落实。</p>", document_number=""
        ),
        "poverty": published(
            title="驻村帮扶工作总结",
            summary="总结帮扶工作。",
            body="<p>围绕精准脱贫目标，落实帮扶责任。</p>",
            document_number="",
        ),
        "plan": published(
            title="2019年政务公开工作实施方案",
            summary="年度方案。",
            body="<p>推进决策公开。</p>",
            document_number="吉狱发〔2019〕12号",
            formed_on=datetime.date(2019, 5, 30),
        ),
        "other": published(title="会见须知", summary="会见办理。", body="<p>请携带身份证件。</p>", document_number=""),
    }


def titles(query):
    return [item.title for item in search_items(query)]


def test_two_character_words(corpus):
    assert titles("预算") == [corpus["budget"].title]
    assert titles("监狱") == [corpus["budget"].title, corpus["prison"].title] or set(titles("监狱")) == {
        corpus["budget"].title,
        corpus["prison"].title,
    }
    assert corpus["other"].title not in titles("监狱")


def test_four_character_word_found_in_body(corpus):
    assert titles("精准脱贫") == [corpus["poverty"].title]


def test_found_by_document_number(corpus):
    assert titles("吉狱发〔2019〕12号") == [corpus["plan"].title]
    assert corpus["plan"].title in titles("吉狱发")


def test_title_hits_rank_first(profile):
    body_hit = published(
        title="年度工作总结", summary="", body="<p>" + "公开预算和决算。" * 5 + "</p>", document_number=""
    )
    title_hit = published(title="2025年预算说明", summary="", body="<p>见附表。</p>", document_number="")
    # body_hit is published later, so recency alone would put it first.
    body_hit.published_at = title_hit.published_at + datetime.timedelta(days=1)
    body_hit.save(update_fields=["published_at"])
    assert titles("预算") == [title_hit.title, body_hit.title]


def test_multi_word_query_requires_every_word(corpus):
    assert titles("监狱 预算") == [corpus["budget"].title]


def test_empty_and_punctuation_queries(corpus):
    assert titles("") == []
    assert titles("   ") == []
    assert titles("〔〕") == []
    assert titles("%") == []
    assert titles("'\"") == []


def test_query_normalisation_and_tokens():
    assert normalise_query("a\x00b\tc\n") == "a b c"
    assert len(normalise_query("预" * 5000)) == 100
    assert "预算" in query_tokens("部门预算公开")
    assert all(any(ch.isalnum() for ch in token) for token in query_tokens("吉狱发〔2019〕12号"))


def test_search_page_renders_results(client, corpus):
    response = client.get("/search/", {"q": "精准脱贫"})
    assert response.status_code == 200
    html = response.content.decode()
    assert corpus["poverty"].get_absolute_url() in html and "共找到 1 条结果" in html
    assert "没有找到" in client.get("/search/", {"q": "不存在的词语组合"}).content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_gin_index_exists_and_matches_the_query_expression(corpus):
    from django.contrib.postgres.search import SearchQuery

    from disclosure.models import DisclosureItem

    with connection.cursor() as cursor:
        # Migration 0008 replaced the expression index over search_tokens by stored vectors.
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'disclosure_item_vector_gin'")
        (definition,) = cursor.fetchone()
        assert "USING gin (search_vector)" in definition
        # Only bitmap scans left: the GIN index is the one that can answer the filter.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        # The WHERE expression search_items() uses, alone (on a five-row table the
        # planner would rather use the state index for the full query).
        sql, params = (
            DisclosureItem.objects.filter(search_vector=SearchQuery("预算", config="simple"))
            .order_by()
            .values("pk")
            .query.sql_with_params()
        )
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")
    assert "disclosure_item_vector_gin" in plan


def test_fallback_matches_words_typed_together(corpus):
    """The substring fallback (SQLite, or PostgreSQL when the tokens miss) finds words
    typed together ("部门预算总表") by their jieba tokens, not only as one literal substring."""
    from disclosure.search import _search_fallback

    found = [item.title for item in _search_fallback("部门预算总表")]
    assert found == [corpus["budget"].title]
    assert [item.title for item in _search_fallback("预算会见")] == []
