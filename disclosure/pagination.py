"""Pages of long public lists at a bureau's size (100,000 items and more).

The count is taken once per content generation (portal.public_cache), not on every
view. A page is fetched in two steps: the keys of its rows, read from the listing
index alone (an index-only scan of the ordered keys), then only those rows, with only
the columns the page shows. A page past the middle is counted from the other end of
the same order, so the last page costs as little as the first."""

import hashlib

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from portal.public_cache import cached_for_generation


class KeysetPaginator(Paginator):
    """`object_list` is the ordered queryset (its order must end with a unique column);
    `fetch(keys)` returns the rows to show for those primary keys, in any order."""

    def __init__(self, object_list, per_page, *, fetch, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.fetch = fetch

    @cached_property
    def count(self) -> int:
        try:
            sql, params = self.object_list.query.sql_with_params()
        except EmptyResultSet:
            return 0
        digest = hashlib.sha256(repr((sql, params)).encode("utf-8")).hexdigest()
        return cached_for_generation(f"count:{digest}", lambda: self.object_list.order_by().count())

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        keys = self._keys(bottom, top)
        rows = {row.pk: row for row in self.fetch(keys)} if keys else {}
        # A row withdrawn between the two reads is simply left out.
        return self._get_page([rows[k] for k in keys if k in rows], number, self)

    def _keys(self, bottom: int, top: int) -> list[int]:
        if top <= bottom:
            return []
        keys = self.object_list.values_list("pk", flat=True)
        if bottom > self.count // 2:
            tail = list(keys.reverse()[self.count - top : self.count - bottom])
            tail.reverse()
            return tail
        return list(keys[bottom:top])


def get_page(queryset, raw_number: str, *, per_page: int, fetch) -> Page:
    """A page of results; a missing, malformed or out-of-range number gives the nearest page."""
    number = raw_number if raw_number.isdigit() and len(raw_number) < 10 else 1
    return KeysetPaginator(queryset, per_page, fetch=fetch).get_page(number)
