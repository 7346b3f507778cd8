"""Per-person limits on what a person writes (posts, messages, claims).

One mechanism: count the person's own recent rows in the database. Unlike a
cache counter it is exact across every worker and server, needs nothing more
than the table it protects, survives restarts and cannot drift from what is
stored; the rows it counts are already indexed by author and date. The caller
holds a lock on the person (or their conversation) while it counts and writes,
so that concurrent submissions are counted one after the other.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Limit:
    count: int
    period: datetime.timedelta


class Throttled(ValidationError):
    """Too many in a short time; views show it like any refused input."""


MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def _period(period: datetime.timedelta) -> str:
    minutes = int(period.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
    return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}


def check(rows: QuerySet, limits: tuple[Limit, ...], message: str, field: str = "created_at") -> None:
    """Refuse with `message` if `rows` (the person's own) reach any of `limits`.

    `message` may use %(count)s and %(period)s, e.g. "You have published
    %(count)s posts in %(period)s: wait a little before the next one."
    """
    now = timezone.now()
    for limit in limits:
        if rows.filter(**{f"{field}__gte": now - limit.period}).count() >= limit.count:
            raise Throttled(
                message % {"count": limit.count, "period": _period(limit.period)}, code="throttled"
            )
