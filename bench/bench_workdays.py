"""Working-day arithmetic: calls per second of add_workdays / workdays_between over the
real calendar (loaded once per process as a sorted index), and the load time itself."""

import random
import time
from datetime import date, timedelta


def run() -> dict:
    from portal import workdays

    workdays.invalidate()
    t0 = time.perf_counter()
    cal = workdays.current()
    load_ms = (time.perf_counter() - t0) * 1000
    rng = random.Random(1)
    starts = [date(2019, 1, 1) + timedelta(days=rng.randrange(0, 365 * 8)) for _ in range(100_000)]
    t0 = time.perf_counter()
    for d in starts:
        workdays.add_workdays(d, 20)
    add_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in starts:
        workdays.workdays_between(d, d + timedelta(days=40))
    between_s = time.perf_counter() - t0
    assert cal.add_workdays(date(2019, 9, 27), 20) == date(2019, 10, 30)
    return {
        "calendar_load_ms": round(load_ms, 1),
        "add_workdays_per_s": int(len(starts) / add_s),
        "workdays_between_per_s": int(len(starts) / between_s),
    }
