"""The meetups' calendars (RFC 5545, through entraide.core.calendars): the territory's feed (all
kinds or one), one meetup's, and a person's private "my meetups". Each covers a bounded window
(three months back, twelve ahead) and runs a fixed number of queries whatever the data size."""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from entraide.core import calendars
from entraide.core.emails import absolute_url

from .enums import ACTIVE_REGISTRATIONS, MeetupStatus
from .models import Meetup, Occurrence, Registration

MAX_EVENTS = 5000


def _uid(meetup: Meetup, request: HttpRequest) -> str:
    return f"{meetup.public_id}@{request.get_host().split(':')[0]}"


def _description(meetup: Meetup) -> str:
    parts = [meetup.description]
    if meetup.what_to_bring:
        parts.append(_("What to bring: %(what)s") % {"what": meetup.what_to_bring})
    if meetup.for_whom:
        parts.append(_("For whom: %(who)s") % {"who": meetup.for_whom})
    return "\n\n".join(p for p in parts if p)


def _events(request: HttpRequest, calendar, meetups: list[Meetup]) -> None:
    """One VEVENT per meetup: its first date and rule, the cancelled dates as EXDATE."""
    ids = [m.pk for m in meetups]
    cancelled: dict[int, list] = {}
    for meetup_id, start in Occurrence.objects.filter(meetup_id__in=ids, cancelled=True).values_list(
        "meetup_id", "starts_at"
    ):
        cancelled.setdefault(meetup_id, []).append(start)
    for meetup in meetups:
        calendars.add_event(
            calendar,
            calendars.EventData(
                uid=_uid(meetup, request),
                start=meetup.starts_at,
                end=meetup.ends_at,
                summary=meetup.title,
                description=_description(meetup),
                location=meetup.location,
                url=request.build_absolute_uri(meetup.get_absolute_url()),
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


def _meetups(queryset) -> list[Meetup]:
    return list(queryset.select_related("kind", "commune", "place").order_by("starts_at", "pk")[:MAX_EVENTS])


def territory_feed(request: HttpRequest, kind=None) -> HttpResponse:
    territory = request.territory
    meetups = _in_window(Meetup.objects.in_territory(territory).published())
    name = _("Meetups · %(territory)s") % {"territory": territory.name}
    if kind is not None:
        meetups = meetups.filter(kind=kind)
        name = f"{kind.name} · {territory.name}"
    calendar = calendars.new_calendar(name, description=absolute_url(territory, "/rencontres/"))
    _events(request, calendar, _meetups(meetups))
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
            "occurrence__meetup__kind", "occurrence__meetup__commune", "occurrence__meetup__place"
        )
        .order_by("occurrence__starts_at")[:MAX_EVENTS]
    )
    organised = _in_window(Meetup.objects.in_territory(request.territory).filter(organisers=person)).exclude(
        status=MeetupStatus.PROPOSED
    )
    organised_list = _meetups(organised)
    _events(request, calendar, organised_list)
    organised_ids = {m.pk for m in organised_list}
    for registration in registrations:
        occurrence, meetup = registration.occurrence, registration.occurrence.meetup
        if meetup.pk in organised_ids:
            continue
        calendars.add_event(
            calendar,
            calendars.EventData(
                uid=f"{occurrence.public_id}@{request.get_host().split(':')[0]}",
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
