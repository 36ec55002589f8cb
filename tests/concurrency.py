"""Run calls in threads released together (each on its own database connection)."""

import threading

from django.db import connection


def race(calls, *, timeout: float = 60) -> list[tuple[str, object]]:
    """Start every call at the same moment; return ("ok", result) or ("error", exc) for each."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = ("ok", call())
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[i] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return results


def errors_of(results) -> list:
    return [value for kind, value in results if kind == "error"]
