"""Public pages over a large catalogue: median response time of the catalogue, a
filtered catalogue, an item page, search and the home page, with their query counts."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.data import catalogue

N = 5_000


def _measure(client: Client, url: str, repeat: int = 15) -> dict:
    client.get(url)  # warm caches
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return {"median_ms": round(statistics.median(times), 1), "queries": len(ctx.captured_queries)}


def run() -> dict:
    from disclosure.models import DisclosureItem

    DisclosureItem.objects.filter(index_number__startswith="BENCH/").delete()
    catalogue(N)
    item = DisclosureItem.objects.filter(index_number__startswith="BENCH/").first()
    topic = item.topic.code
    client = Client()
    return {
        "items": N,
        "catalogue": _measure(client, "/catalogue/"),
        "catalogue_filtered": _measure(client, f"/catalogue/?topic={topic}&year=2022&page=2"),
        "item": _measure(client, f"/items/{item.pk}/"),
        "search_2char": _measure(client, "/search/?q=预算"),
        "search_4char": _measure(client, "/search/?q=精准脱贫"),
        "home": _measure(client, "/"),
    }
