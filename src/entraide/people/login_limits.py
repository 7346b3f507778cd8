"""Wrong passwords on one account, from anywhere: each try waits longer than the last.

allauth limits failures per address and account together (a guesser at one
address is stopped) and per address (a guesser trying many accounts; generous,
as a town hall or a library shares one). What it cannot do without locking the
owner out is slow a guesser spread over many addresses: here, after
LOGIN_DELAY_AFTER_FAILURES failures on one account, the next try must wait 15
seconds, then 30, 1 minute… up to LOGIN_DELAY_MAX_SECONDS. The owner is never
locked out: a login code sent by email (allauth's login by code) or a password
reset does not go through these delays, and any successful login clears them.

The counts live in the cache, which production requires to be shared
(settings refuse a per-process cache).
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

FIRST_DELAY_SECONDS = 15
MEMORY_SECONDS = 24 * 60 * 60  # failures are forgotten after a day without any


def _key(email: str) -> str:
    return "login-delay:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def delay_after(failures: int) -> int:
    """Seconds to wait after `failures` consecutive failures."""
    over = failures - settings.LOGIN_DELAY_AFTER_FAILURES
    if over < 0:
        return 0
    return min(FIRST_DELAY_SECONDS * 2**over, settings.LOGIN_DELAY_MAX_SECONDS)


def seconds_to_wait(email: str, now: float | None = None) -> int:
    failures, last = cache.get(_key(email), (0, 0.0))
    remaining = last + delay_after(failures) - (now or time.time())
    return max(0, math.ceil(remaining))


def record_failure(email: str, now: float | None = None) -> None:
    failures, _last = cache.get(_key(email), (0, 0.0))
    cache.set(_key(email), (failures + 1, now or time.time()), MEMORY_SECONDS)


def forget(email: str | None) -> None:
    if email:
        cache.delete(_key(email))
