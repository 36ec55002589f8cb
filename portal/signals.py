"""Kernel signals. `calendar_changed` lets apps recompute what depends on the calendar
(the kernel imports no app, so apps connect to it)."""

import functools

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from . import public_cache, workdays
from .models import CalendarDay, CalendarYear

# Sent once per committed change of the calendar; kwargs: dates (list of changed dates,
# may be empty when unknown), actor (a User or None).
calendar_changed = Signal()


def fire_calendar_changed(*, dates: list, actor=None) -> None:
    """Announce a committed change (portal.calendar_changes queues this with its actor)."""
    workdays.invalidate()
    calendar_changed.send(sender=CalendarDay, dates=dates, actor=actor)


fire_calendar_changed.is_calendar_fire = True


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=CalendarYear)
def _calendar_row_changed(sender, instance, **kwargs) -> None:
    """A calendar row changed outside portal.calendar_changes (a raw save, a fixture): the
    change is still announced, without an actor. The services suppress this and announce
    their own change with its actor."""
    workdays.invalidate()
    if getattr(instance, "_suppress_calendar_signal", False):
        return
    changed = getattr(instance, "date", None)
    conn = transaction.get_connection()
    # One signal per transaction: skip when this transaction already queued one. (The
    # queue is emptied on rollback, so nothing is left behind by a failed change.)
    if conn.in_atomic_block and any(
        getattr(getattr(func, "func", None), "is_calendar_fire", False) for _, func, *_ in conn.run_on_commit
    ):
        return
    transaction.on_commit(functools.partial(fire_calendar_changed, dates=[changed] if changed else [], actor=None))


@receiver([post_save, post_delete], sender="portal.SiteProfile")
def _profile_changed(**kwargs) -> None:
    from django.core.cache import cache

    from .context_processors import PROFILE_CACHE_KEY

    cache.delete(PROFILE_CACHE_KEY)
    # Again after the commit, so that no request refills it with the old profile meanwhile.
    transaction.on_commit(lambda: cache.delete(PROFILE_CACHE_KEY), robust=True)


# The profile is in every page's header and footer; departments are the publishers.
post_save.connect(public_cache.content_changed, sender="portal.SiteProfile", dispatch_uid="public-cache-profile")
post_delete.connect(public_cache.content_changed, sender="portal.SiteProfile", dispatch_uid="public-cache-profile-d")
post_save.connect(public_cache.content_changed, sender="portal.Department", dispatch_uid="public-cache-dept")
post_delete.connect(public_cache.content_changed, sender="portal.Department", dispatch_uid="public-cache-dept-d")
