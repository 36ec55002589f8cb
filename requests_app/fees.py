"""The processing fee (信息处理费) of Art. 42 and 国办函〔2020〕109号, as pure functions.

Free by default. Per request (按件): one applicant's requests in a calendar month, 1–10
free, 11–30 100 yuan each, from 31 each further band of 10 adds 100 yuan a request. Per
volume (按量): pages 1–30 free; the part from 31 to 100 at 10 yuan a page, from 101 to
200 at 20, over 200 at 40 (each rate applies to the pages inside its band)."""

from __future__ import annotations

from .choices import FeeMethod

VOLUME_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))  # (upper page, yuan a page)


def fee_per_request(position: int) -> int:
    """The fee of the applicant's `position`-th request of the calendar month."""
    if position <= 10:
        return 0
    if position <= 30:
        return 100
    return 100 + 100 * ((position - 31) // 10 + 1)


def fee_per_volume(pages: int) -> int:
    """The fee for `pages` pages, each band's rate on the pages inside that band."""
    total, lower = 0, 0
    for upper, rate in VOLUME_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * rate
        if upper is None or pages <= upper:
            break
        lower = upper
    return total


def fee_amount(method: str, count: int) -> int:
    """The amount in yuan of a fee notice: `count` is the request's place in the month
    (per request) or the number of pages (per volume)."""
    if method == FeeMethod.PER_REQUEST:
        return fee_per_request(count)
    if method == FeeMethod.PER_VOLUME:
        return fee_per_volume(count)
    raise ValueError(f"unknown fee method {method!r}")


def band_label(method: str, count: int) -> str:
    """The band a count falls in, as the fee notice states it (the standard applied)."""
    if method == FeeMethod.PER_REQUEST:
        if count <= 10:
            return "本月第10件以内，不收费"
        if count <= 30:
            return "本月第11—30件，每件100元"
        low = 31 + (count - 31) // 10 * 10
        return f"本月第{low}—{low + 9}件，每件{fee_per_request(count)}元"
    if count <= 30:
        return "30页以内，不收费"
    parts = ["31—100页部分每页10元"]
    if count > 100:
        parts.append("101—200页部分每页20元")
    if count > 200:
        parts.append("200页以上部分每页40元")
    return "，".join(parts)
