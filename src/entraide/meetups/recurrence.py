"""Repetitions chosen in plain words, stored as RFC 5545 rules, shown in plain French.

Only the rules the form offers are built and described: every week on the start's weekday,
every month on the start's weekday of the same rank ("the first Saturday"; the fifth becomes
"the last"), each with an optional last date.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from entraide.core.calendars import local_zone

from .enums import Repeat

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _rank(day: datetime.date) -> int:
    rank = (day.day - 1) // 7 + 1
    return -1 if rank == 5 else rank


def build(repeat: str, start: datetime.datetime, until: datetime.date | None = None) -> str:
    """The RRULE value for a choice of the form, from the first date (local time)."""
    if repeat == Repeat.NONE:
        return ""
    local = timezone.localtime(start)
    day = DAYS[local.weekday()]
    if repeat == Repeat.WEEKLY:
        rule = f"FREQ=WEEKLY;BYDAY={day}"
    elif repeat == Repeat.MONTHLY:
        rule = f"FREQ=MONTHLY;BYDAY={_rank(local.date())}{day}"
    else:
        raise ValueError(f"Unknown repetition {repeat!r}")
    if until is not None:
        # UNTIL in UTC, at the end of the last day: that day's date is included.
        last = datetime.datetime.combine(until, datetime.time(23, 59, 59), tzinfo=local_zone())
        rule += f";UNTIL={last.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"
    return rule


def parse(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.split(";") if "=" in part)


def repeat_of(rule: str) -> str:
    return {"WEEKLY": Repeat.WEEKLY, "MONTHLY": Repeat.MONTHLY}.get(parse(rule).get("FREQ", ""), Repeat.NONE)


def until_of(rule: str) -> datetime.date | None:
    until = parse(rule).get("UNTIL")
    if not until:
        return None
    moment = datetime.datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    return moment.astimezone(local_zone()).date()


def _weekday_name(index: int) -> str:
    return date_format(datetime.date(2024, 1, 1) + datetime.timedelta(days=index), "l")


RANKS = {
    1: lambda: pgettext("the first Saturday", "first"),
    2: lambda: pgettext("the second Saturday", "second"),
    3: lambda: pgettext("the third Saturday", "third"),
    4: lambda: pgettext("the fourth Saturday", "fourth"),
    -1: lambda: pgettext("the last Saturday", "last"),
}


def describe(rule: str, start: datetime.datetime) -> str:
    """“every Tuesday, 10:00–12:00”-like words for the rule, without the hours; "" for none."""
    if not rule:
        return ""
    parts = parse(rule)
    byday = parts.get("BYDAY", "")
    day = _weekday_name(DAYS.index(byday[-2:])) if byday[-2:] in DAYS else ""
    if parts.get("FREQ") == "WEEKLY":
        text = _("every %(day)s") % {"day": day}
    elif parts.get("FREQ") == "MONTHLY":
        rank = int(byday[:-2] or 1)
        text = _("the %(rank)s %(day)s of each month") % {"rank": RANKS.get(rank, RANKS[1])(), "day": day}
    else:
        text = _("repeating")
    until = until_of(rule)
    if until:
        text += " " + _("until %(date)s") % {"date": date_format(until, "j F Y")}
    return text
