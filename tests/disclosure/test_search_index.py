"""The stored search index: written once by the service that writes the content (not by
save()), ranked over a bounded candidate set with title hits first, counted with a cap,
and jieba's dictionary loaded when a worker starts."""

import datetime
import os
import subprocess
import sys

import pytest
from django.db import connection

from disclosure import search
from disclosure.models import DisclosureItem
from disclosure.search import run_search
from disclosure.services import save_content
from tests.disclosure.factories import ItemFactory, published

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="full text on PostgreSQL only")


def test_save_does_not_tokenise_but_the_content_service_does(profile):
    item = ItemFactory(title="关于狱务公开的通知", body="<p>正文<script>alert(1)</script></p>")
    assert "<script>" not in item.body and "狱务" in item.search_tokens.split()
    item.title = "关于减刑假释的通知"
    item.save(update_fields=["title"])
    item.refresh_from_db()
    assert "减刑" not in item.search_tokens.split()
    item.body = "<p>新的正文<script>alert(2)</script></p>"
    save_content(item=item, update_fields=["title", "body"])
    item.refresh_from_db()
    assert "减刑" in item.search_tokens.split() and "<script>" not in item.body


@postgres_only
def test_vectors_are_weighted_title_summary_number_body(profile):
    item = published(title="预算公开", summary="会见须知", document_number="吉狱发〔2019〕12号", body="<p>精准脱贫</p>")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text, search_title::text FROM disclosure_disclosureitem WHERE id = %s", [item.pk]
        )
        vector, title = cursor.fetchone()
    assert "'预算':1A" in vector and "'会见':" in vector and "B" in vector.split("'会见':")[1][:4]
    assert "'2019':" in vector and "C" in vector.split("'2019':")[1][:4]
    assert "'脱贫':" in vector and vector.split("'脱贫':")[1][:3].rstrip(" ").isdigit()  # D is not printed
    assert "预算" in title and "精准" not in title


@postgres_only
def test_an_older_title_hit_outranks_newer_body_hits_beyond_the_candidate_window(profile, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 3)
    title_hit = published(title="部门预算说明", body="<p>见附表。</p>", document_number="")
    later = title_hit.published_at
    body_hits = []
    for i in range(6):
        later += datetime.timedelta(days=1)
        item = published(title=f"年度工作总结{i}", body="<p>公开预算和决算。</p>", document_number="")
        item.published_at = later
        item.save(update_fields=["published_at"])
        body_hits.append(item)
    found = list(run_search("预算"))
    assert found[0] == title_hit
    # Only the most recent body hits are ranked (3 recent anywhere + 3 recent in titles).
    assert len(found) <= 6 and body_hits[-1] in found


@postgres_only
def test_the_count_is_capped_and_the_page_says_so(client, profile, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    for i in range(5):
        published(title=f"预算执行情况{i}")
    results = run_search("预算")
    assert results.total == 3 and results.capped
    html = client.get("/search/", {"q": "预算"}).content.decode()
    assert "共找到 3 条以上结果" in html


def test_jieba_is_loaded_when_the_wsgi_application_is(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings_test"}
    code = "import portal.wsgi, jieba; print(jieba.dt.initialized)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    ).stdout
    assert out.strip().endswith("True")


def test_no_page_loads_the_search_columns(profile):
    from disclosure.selectors import published_items

    item = published(title="关于印发规定的通知")
    assert {"search_tokens", "search_vector", "search_title"} <= published_items().get(pk=item.pk).get_deferred_fields()
    assert DisclosureItem.objects.get(pk=item.pk).search_tokens


@postgres_only
def test_a_full_save_keeps_the_search_index(profile):
    item = published(title="关于狱务公开的通知")
    loaded = DisclosureItem.objects.get(pk=item.pk)
    loaded.search_vector = None  # whatever is in memory is not written back
    loaded.save()
    assert DisclosureItem.objects.filter(pk=item.pk, search_vector__isnull=False, search_title__isnull=False).exists()
    assert [i.pk for i in search._search_postgres("狱务")] == [item.pk]
