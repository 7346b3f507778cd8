"""The one iCalendar module: every .ics the project serves is built here (RFC 5545).

- A calendar carries the Europe/Paris VTIMEZONE of the times it uses, so that a calendar
  application never guesses the offset (`new_calendar`, then `ics_response` adds it).
- An event (`add_event`) has a stable UID (the object's public id and the site's host), a
  SEQUENCE that grows on each change, a DTSTAMP in UTC, local times with their TZID, and
  for a repeating one its RRULE and the EXDATEs of the cancelled dates.
- Private feeds ("my meetups", later "my loans") are reached with a random token of the
  person (`FeedToken`): a calendar application cannot log in. Revoking it makes a new one,
  and the old address answers 404.

`expand()` lists the occurrences of a rule inside a bounded window: a rule with no end is
never expanded forever.
"""

from __future__ import annotations

import datetime
import secrets
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateutil import rrule as dateutil_rrule
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vRecur

PRODID = "-//Entraide//Entraide//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# How far feeds look back and ahead: a repeating meetup with no end stays a few hundred events.
PAST = datetime.timedelta(days=92)
AHEAD = datetime.timedelta(days=366)


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def window(now: datetime.datetime | None = None) -> tuple[datetime.datetime, datetime.datetime]:
    """The bounded window of the feeds: about three months back, twelve ahead."""
    now = now or timezone.now()
    return now - PAST, now + AHEAD


def new_calendar(name: str, *, description: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if description:
        calendar.add("x-wr-caldesc", description)
    return calendar


@dataclass
class EventData:
    uid: str
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    rrule: str = ""  # an RFC 5545 RRULE value, e.g. "FREQ=WEEKLY;BYDAY=TU"
    exdates: list[datetime.datetime] = field(default_factory=list)
    sequence: int = 0
    cancelled: bool = False
    categories: list[str] = field(default_factory=list)
    stamp: datetime.datetime | None = None  # when the data last changed (DTSTAMP, LAST-MODIFIED)


def _local(moment: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(moment):
        raise ValueError("Calendar times must be aware.")
    return moment.astimezone(local_zone()).replace(microsecond=0)


def add_event(calendar: Calendar, data: EventData) -> Event:
    if data.end <= data.start:
        raise ValueError("An event ends after it starts.")
    event = Event()
    event.add("uid", data.uid)
    stamp = (data.stamp or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", data.sequence)
    event.add("dtstart", _local(data.start))
    event.add("dtend", _local(data.end))
    event.add("summary", data.summary)
    if data.description:
        event.add("description", data.description)
    if data.location:
        event.add("location", data.location)
    if data.url:
        event.add("url", data.url)
    if data.categories:
        event.add("categories", data.categories)
    event.add("status", "CANCELLED" if data.cancelled else "CONFIRMED")
    if data.rrule:
        event.add("rrule", vRecur.from_ical(data.rrule))
        for moment in data.exdates:
            event.add("exdate", _local(moment))
    calendar.add_component(event)
    return event


# The European rule (since 1996) written as RRULEs, the form every calendar application reads;
# the list of dates icalendar would generate is misread by some (dateutil's tzical, so vobject).
RULE_BASED_ZONES = {
    "Europe/Paris": """BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
""",
}


def to_ical(calendar: Calendar) -> bytes:
    """The calendar as bytes, with the VTIMEZONE of every time zone its events use."""
    if settings.TIME_ZONE in RULE_BASED_ZONES and not calendar.walk("VTIMEZONE"):
        zone = Timezone.from_ical(RULE_BASED_ZONES[settings.TIME_ZONE].replace("\n", "\r\n"))
        calendar.subcomponents.insert(0, zone)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(to_ical(calendar), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def expand(
    start: datetime.datetime,
    rule: str,
    *,
    after: datetime.datetime,
    before: datetime.datetime,
    exdates: Iterable[datetime.datetime] = (),
) -> list[datetime.datetime]:
    """The starts of the occurrences of `rule` (from `start`) within [after, before), local time kept.

    Computed on the local wall clock, so that "every Tuesday 10:00" stays at 10:00 across the
    daylight saving change, then made aware again.
    """
    zone = local_zone()
    local_start = start.astimezone(zone).replace(tzinfo=None)
    if not rule:
        return [start] if after <= start < before else []
    rules = dateutil_rrule.rrulestr(_local_until(rule, zone), dtstart=local_start)
    skipped = {moment.astimezone(zone).replace(tzinfo=None) for moment in exdates}
    local_after = after.astimezone(zone).replace(tzinfo=None)
    local_before = before.astimezone(zone).replace(tzinfo=None)
    return [
        moment.replace(tzinfo=zone)
        for moment in rules.between(local_after, local_before, inc=True)
        if moment not in skipped and moment < local_before
    ]


def _local_until(rule: str, zone: zoneinfo.ZoneInfo) -> str:
    """RFC 5545 writes UNTIL in UTC ("…Z"); the rule is expanded on the local wall clock (a naive
    start), and dateutil refuses to mix the two: UNTIL becomes the same moment on that clock."""
    parts = rule.split(";")
    for index, part in enumerate(parts):
        name, _sep, value = part.partition("=")
        if name.strip().upper() == "UNTIL" and value.upper().endswith("Z"):
            moment = datetime.datetime.strptime(value.upper(), "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
            parts[index] = f"UNTIL={moment.astimezone(zone):%Y%m%dT%H%M%S}"
    return ";".join(parts)


# Private feeds ---------------------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(24)


def feed_token(person, purpose: str) -> str:
    """The person's token for a private feed (`purpose`, e.g. "meetups"), made on first use."""
    from .models import FeedToken

    token, _created = FeedToken.objects.get_or_create(
        person=person, purpose=purpose, defaults={"token": new_token()}
    )
    return token.token


def revoke_feed_token(person, purpose: str) -> str:
    """A new token: the old address stops working at once."""
    from .models import FeedToken

    token, _created = FeedToken.objects.update_or_create(
        person=person, purpose=purpose, defaults={"token": new_token(), "created_at": timezone.now()}
    )
    return token.token


def revoke_feed_view(purpose: str, back: str, *, anchor: str = ""):
    """The view (POST) that gives the person's private feed of `purpose` a new address, then goes
    back to the page (URL name `back`, with `#anchor`) that shows it."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from django.views.decorators.http import require_POST

    @require_POST
    def revoke_feed(request):
        revoke_feed_token(request.user, purpose)
        messages.success(request, _("Your private calendar has a new address: the old one no longer works."))
        return redirect(reverse(back) + (f"#{anchor}" if anchor else ""))

    return revoke_feed


def person_for_feed_token(token: str, purpose: str, territory):
    """The active person of `territory` the token belongs to, or None (malformed, revoked, elsewhere)."""
    from .models import FeedToken

    if not token or len(token) > 64 or not token.replace("-", "").replace("_", "").isalnum():
        return None
    found = (
        FeedToken.objects.in_territory(territory)
        .filter(token=token, purpose=purpose, person__is_active=True)
        .select_related("person")
        .first()
    )
    if found is None or not secrets.compare_digest(found.token, token):
        return None
    return found.person
