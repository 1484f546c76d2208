"""Exact fixed-window counters for rate limits.

A window is what it says: a counter named for ``floor(now / window)`` lives from
that window's start to its end, and incrementing never moves either. Redis (the
default cache when ``REDIS_URL`` is set) keeps them with ``add`` + ``incr``,
which are atomic there; any other cache (per-process memory, or files whose
``incr`` is a read and a write) is not shared or not atomic, so the counters
live in the database instead (:class:`engage.models.RateCounter`). Counter
names hold client addresses and email addresses; what is stored is a keyed hash
of them, deleted once the window has ended.
"""

import datetime
import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateCounter


def _key(name, window, now):
    """The counter's key: names hold addresses, so only a keyed hash is stored."""
    start = int(now) // window * window
    digest = salted_hmac(
        "engage.counters", f"{name}:{window}", algorithm="sha256"
    ).hexdigest()
    return f"engage:count:{digest}:{start}", start + window


def _uses_redis():
    return isinstance(caches["default"], RedisCache)


def increment(name, window, now=None):
    """Count one event for ``name`` in the current window of ``window`` seconds;
    return how many the window now holds (this one included) and the seconds
    left until it ends."""
    now = time.time() if now is None else now
    key, end = _key(name, window, now)
    if _uses_redis():
        count = _increment_in_cache(key, end - now)
    else:
        count = _increment_in_database(key, end)
    return count, end - now


def _increment_in_cache(key, seconds_left):
    for _attempt in range(3):
        cache.add(key, 0, timeout=int(seconds_left) + 1)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: start the next one
            continue
    raise RuntimeError(f"Rate counter {key} keeps expiring.")


def _increment_in_database(key, end):
    """UPDATE first: it locks the row (PostgreSQL) or the database (SQLite)
    until commit, so the count read back is this request's own."""
    expires_at = datetime.datetime.fromtimestamp(end, tz=datetime.UTC)
    counters = RateCounter.objects.filter(key=key)
    created = False
    with transaction.atomic():
        if not counters.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, count=1, expires_at=expires_at)
                created = True
            except IntegrityError:  # another request created it meanwhile
                counters.update(count=F("count") + 1)
        count = counters.values_list("count", flat=True).get()
    if created:
        _forget_expired()
    return count


def _forget_expired():
    """Drop ended windows, once per new one; two requests racing to do it may
    deadlock on PostgreSQL, and then one simply leaves it to the next."""
    try:
        with transaction.atomic():
            RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    except OperationalError:
        pass


def current(name, window, now=None):
    """How many events the current window of ``name`` holds, without counting."""
    now = time.time() if now is None else now
    key, _end = _key(name, window, now)
    if _uses_redis():
        return cache.get(key, 0)
    counts = RateCounter.objects.filter(key=key).values_list("count", flat=True)
    return counts.first() or 0
