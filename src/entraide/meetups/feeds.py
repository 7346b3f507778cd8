"""The meetups' calendars (RFC 5545, through entraide.core.calendars): the territory's feed (all
kinds or one, all communes or one), one meetup's, and a person's private "my meetups".

Each covers a bounded window (`calendars.window()`: three months back, twelve ahead) and runs a
fixed number of queries whatever the data size: the meetups, then the cancelled dates of all of
them in the window (EXDATEs), never a query per event. A public feed holds at most `MAX_EVENTS`
meetups, the ones still to come first, by their first date: a calendar application is slow to
read thousands of events, and building them is what costs (about 1 ms each). When the cap
leaves some out, the calendar's description says so and points to the feeds of one commune or
one kind."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.core import calendars
from entraide.core.emails import absolute_url

from .enums import ACTIVE_REGISTRATIONS, MeetupStatus
from .models import Meetup, Occurrence, Registration

MAX_EVENTS = 300  # a public feed's meetups (each a VEVENT, repeating ones with their RRULE)
MAX_PERSONAL = 1000  # a person's own dates and meetups


def _host(request: HttpRequest) -> str:
    return request.get_host().split(":")[0]


def _description(meetup: Meetup) -> str:
    parts = [meetup.description]
    if meetup.what_to_bring:
        parts.append(_("What to bring: %(what)s") % {"what": meetup.what_to_bring})
    if meetup.for_whom:
        parts.append(_("For whom: %(who)s") % {"who": meetup.for_whom})
    return "\n\n".join(p for p in parts if p)


def _events(request: HttpRequest, calendar, meetups: list[Meetup]) -> None:
    """One VEVENT per meetup: its first date and rule, the cancelled dates of the window as EXDATE
    (one query for all of them)."""
    ids = [m.pk for m in meetups]
    after, before = calendars.window()
    cancelled: dict[int, list] = {}
    if ids:
        for meetup_id, start in (
            Occurrence.objects.filter(meetup_id__in=ids, cancelled=True)
            .filter(starts_at__gte=after, starts_at__lt=before)
            .values_list("meetup_id", "starts_at")
        ):
            cancelled.setdefault(meetup_id, []).append(start)
    host = _host(request)
    site = request.build_absolute_uri("/").rstrip("/")
    for meetup in meetups:
        calendars.add_event(
            calendar,
            calendars.EventData(
                uid=f"{meetup.public_id}@{host}",
                start=meetup.starts_at,
                end=meetup.ends_at,
                summary=meetup.title,
                description=_description(meetup),
                location=meetup.location,
                url=site + meetup.get_absolute_url(),
                rrule=meetup.rrule,
                exdates=cancelled.get(meetup.pk, []),
                sequence=meetup.sequence,
                cancelled=meetup.status == MeetupStatus.CANCELLED
                or (not meetup.rrule and bool(cancelled.get(meetup.pk))),
                categories=[meetup.kind.name],
                stamp=meetup.updated_at,
            ),
        )


def _in_window(meetups):
    after, before = calendars.window()
    return meetups.filter(starts_at__lt=before).filter(
        Q(last_starts_at__isnull=True) | Q(last_starts_at__gte=after)
    )


def _meetups(queryset, limit: int) -> list[Meetup]:
    """At most `limit` meetups: those with dates still to come first (by their first date), then
    those whose last date has passed."""
    ended = Case(
        When(last_starts_at__lt=timezone.now(), then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return list(
        queryset.select_related("kind", "commune", "place", "room")
        .annotate(ended=ended)
        .order_by("ended", "starts_at", "pk")[:limit]
    )


def territory_feed(request: HttpRequest, kind=None, commune=None) -> HttpResponse:
    """The territory's published meetups, or those of one kind and/or one commune."""
    territory = request.territory
    meetups = _in_window(Meetup.objects.in_territory(territory).published())
    names = []
    if kind is not None:
        meetups = meetups.filter(kind=kind)
        names.append(kind.name)
    if commune is not None:
        meetups = meetups.filter(commune=commune)
        names.append(commune.name)
    name = " · ".join([*names, territory.name])
    if not names:
        name = _("Meetups · %(territory)s") % {"territory": territory.name}
    chosen = _meetups(meetups, MAX_EVENTS + 1)
    description = absolute_url(territory, "/rencontres/")
    if len(chosen) > MAX_EVENTS:
        chosen = chosen[:MAX_EVENTS]
        description = _(
            "Only the first %(count)s meetups: for the others, subscribe to the calendar of one commune "
            "or one kind, offered on %(url)s"
        ) % {"count": MAX_EVENTS, "url": description}
    calendar = calendars.new_calendar(name, description=description)
    _events(request, calendar, chosen)
    return calendars.ics_response(calendar, "rencontres.ics")


def meetup_feed(request: HttpRequest, meetup: Meetup) -> HttpResponse:
    calendar = calendars.new_calendar(meetup.title)
    _events(request, calendar, [meetup])
    return calendars.ics_response(calendar, f"{meetup.slug}.ics")


def personal_feed(request: HttpRequest, person) -> HttpResponse:
    """The meetups a person registered for (each date as its own event) and those they organise."""
    after, before = calendars.window()
    calendar = calendars.new_calendar(_("My meetups · %(territory)s") % {"territory": request.territory.name})
    registrations = (
        Registration.objects.in_territory(request.territory)
        .filter(person=person, status__in=ACTIVE_REGISTRATIONS)
        .filter(occurrence__starts_at__gte=after, occurrence__starts_at__lt=before)
        .select_related(
            "occurrence__meetup__kind",
            "occurrence__meetup__commune",
            "occurrence__meetup__place",
            "occurrence__meetup__room",
        )
        .order_by("occurrence__starts_at")[:MAX_PERSONAL]
    )
    organised = _in_window(Meetup.objects.in_territory(request.territory).filter(organisers=person)).exclude(
        status=MeetupStatus.PROPOSED
    )
    organised_list = _meetups(organised, MAX_PERSONAL)
    _events(request, calendar, organised_list)
    organised_ids = {m.pk for m in organised_list}
    for registration in registrations:
        occurrence, meetup = registration.occurrence, registration.occurrence.meetup
        if meetup.pk in organised_ids:
            continue
        calendars.add_event(
            calendar,
            calendars.EventData(
                uid=f"{occurrence.public_id}@{_host(request)}",
                start=occurrence.starts_at,
                end=occurrence.ends_at,
                summary=meetup.title,
                description=_description(meetup),
                location=meetup.location,
                url=request.build_absolute_uri(occurrence.get_absolute_url()),
                sequence=meetup.sequence,
                cancelled=occurrence.cancelled or meetup.status == MeetupStatus.CANCELLED,
                categories=[meetup.kind.name],
                stamp=registration.updated_at,
            ),
        )
    response = calendars.ics_response(calendar, "mes-rencontres.ics")
    response["Cache-Control"] = "private, no-store"
    return response
