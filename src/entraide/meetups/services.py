"""Multi-step operations on meetups, each in one transaction.

Places are counted on the date's row (`Occurrence.taken`), changed only under that row's lock
(`select_for_update`): two people registering at the same moment for the last place wait for
each other, and the second one goes to the waiting list.
"""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from entraide.core import emails
from entraide.core.calendars import AHEAD, expand
from entraide.people.services import record_proxy_action

from . import rules
from .enums import ACTIVE_REGISTRATIONS, MeetupStatus, RegistrationStatus
from .models import Meetup, Occurrence, Registration

CANCEL_SALT = "entraide.meetups.cancel"


def _error(message: str):
    return ValidationError(message)


def when(occurrence: Occurrence) -> str:
    start = timezone.localtime(occurrence.starts_at)
    return date_format(start, "l j F Y, H:i")


# Announcing --------------------------------------------------------------------------------


def _free_slug(meetup: Meetup) -> str:
    base = slugify(meetup.title)[:60].strip("-") or "rencontre"
    taken = set(
        Meetup.objects.in_territory(meetup.territory)
        .filter(slug__startswith=base)
        .exclude(pk=meetup.pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _last_start(meetup: Meetup) -> datetime.datetime | None:
    if not meetup.rrule:
        return meetup.starts_at
    if "UNTIL=" not in meetup.rrule and "COUNT=" not in meetup.rrule:
        return None
    starts = expand(
        meetup.starts_at,
        meetup.rrule,
        after=meetup.starts_at,
        before=meetup.starts_at + datetime.timedelta(days=3660),
    )
    return starts[-1] if starts else meetup.starts_at


@transaction.atomic
def announce(meetup: Meetup, *, by, organisers=()) -> Meetup:
    """Save a new meetup: published at once when `by` may publish, else proposed to the referents."""
    meetup.proposed_by = by
    meetup.territory = by.territory
    meetup.slug = _free_slug(meetup)
    meetup.last_starts_at = _last_start(meetup)
    meetup.created_at = meetup.updated_at = timezone.now()
    may_publish = rules.may_publish_directly(by, meetup.territory, meetup.commune_id)
    meetup.status = MeetupStatus.PUBLISHED if may_publish else MeetupStatus.PROPOSED
    meetup.published_at = meetup.created_at if may_publish else None
    meetup.full_clean(exclude=["slug", "proposed_by", "territory"])
    meetup.save()
    meetup.organisers.set([by, *organisers])
    sync_occurrences(meetup, strict=True)
    return meetup


@transaction.atomic
def update(meetup: Meetup) -> Meetup:
    """Save changes: the calendars see a new SEQUENCE, the dates follow the new rule."""
    locked = Meetup.objects.select_for_update().get(pk=meetup.pk)
    future = Occurrence.objects.filter(meetup=meetup, starts_at__gte=timezone.now(), cancelled=False)
    if meetup.capacity is not None:
        most = future.order_by("-taken").values_list("taken", flat=True).first() or 0
        if meetup.capacity < most:
            raise _error(
                _("%(n)s places are already taken on a coming date: choose at least %(n)s places.")
                % {"n": most}
            )
    meetup.sequence = locked.sequence + 1
    meetup.updated_at = timezone.now()
    meetup.last_starts_at = _last_start(meetup)
    meetup.save()
    sync_occurrences(meetup, strict=True)
    _rebook_room(meetup)
    return meetup


def _rebook_room(meetup: Meetup) -> None:
    """After a change: the coming dates whose booking is of another room or other times give it
    back and ask again (as do the dates without one, when the meetup now has a room); a refusal
    raises on the "room" field and the change is not saved."""
    coming = list(
        Occurrence.objects.filter(meetup=meetup, cancelled=False, starts_at__gte=timezone.now())
        .select_related("booking")
        .order_by("starts_at")
    )
    ask = []
    for occurrence in coming:
        booking = occurrence.booking
        if booking is not None and (
            booking.item_id != meetup.room_id
            or (booking.starts_at, booking.ends_at) != (occurrence.starts_at, occurrence.ends_at)
        ):
            _free_room(occurrence)
            Occurrence.objects.filter(pk=occurrence.pk).update(booking=None)
            booking = None
        if booking is None:
            ask.append(occurrence.starts_at)
    if meetup.room_id and ask:
        book_room(meetup, ask, strict=True)


@transaction.atomic
def publish(meetup: Meetup, *, by) -> Meetup:
    if meetup.status != MeetupStatus.PROPOSED:
        raise _error(_("This meetup is not awaiting publication."))
    meetup.status = MeetupStatus.PUBLISHED
    meetup.published_at = timezone.now()
    meetup.sequence += 1
    meetup.save(update_fields=["status", "published_at", "sequence"])
    sync_occurrences(meetup)
    return meetup


def sync_occurrences(meetup: Meetup, now: datetime.datetime | None = None, *, strict: bool = False) -> int:
    """Make the dates of the coming year; drop the future ones the rule no longer has (unless people
    registered: those are cancelled, shown so, and the people told by email). A new date held in a
    room of the lending catalogue asks for the room's booking (`book_room`); with `strict`, a
    refusal raises a ValidationError on the "room" field (the caller's transaction saves nothing).
    Returns how many dates were made."""
    now = now or timezone.now()
    horizon = now + AHEAD
    cancelled = set(
        Occurrence.objects.filter(meetup=meetup, cancelled=True).values_list("starts_at", flat=True)
    )
    starts = (
        expand(meetup.starts_at, meetup.rrule, after=meetup.starts_at, before=horizon, exdates=())
        if meetup.rrule
        else [meetup.starts_at]
    )
    wanted = set(starts)
    existing = {
        o.starts_at: o
        for o in Occurrence.objects.filter(meetup=meetup, starts_at__gte=min(now, meetup.starts_at))
    }
    duration = meetup.duration
    new = [
        Occurrence(territory_id=meetup.territory_id, meetup=meetup, starts_at=start, ends_at=start + duration)
        for start in starts
        if start not in existing and start not in cancelled
    ]
    Occurrence.objects.bulk_create(new, ignore_conflicts=True)
    if meetup.room_id and new:
        book_room(meetup, [o.starts_at for o in new], strict=strict)
    for start, occurrence in existing.items():
        if start in wanted:
            if occurrence.ends_at != start + duration:
                Occurrence.objects.filter(pk=occurrence.pk).update(ends_at=start + duration)
        elif start >= now and not occurrence.cancelled:
            _free_room(occurrence)
            people = list(
                occurrence.registrations.filter(status__in=ACTIVE_REGISTRATIONS).select_related("person")
            )
            if people or occurrence.closed_at:
                Occurrence.objects.filter(pk=occurrence.pk).update(cancelled=True)
                occurrence.cancelled = True
                for registration in people:  # the new repetition drops their date: tell them
                    registration.occurrence = occurrence
                    _tell(registration, "meetups/email/date_cancelled")
            else:
                occurrence.delete()
    return len(new)


def book_room(meetup: Meetup, starts: list[datetime.datetime], *, strict: bool) -> int:
    """Ask lending for the room over each new date, as the meetup's proposer (the room's rules
    apply: notice, longest loan, opening hours, who may borrow, automatic approval), all at once
    (`request_bookings`: one series, one email to each keeper and one to the proposer). Returns how
    many bookings were asked for; refusals raise with `strict`, else leave the date unbooked."""
    from entraide.lending import rules as lending_rules
    from entraide.lending import services as lending
    from entraide.lending.enums import BookingStatus

    person = meetup.proposed_by
    initiative = meetup.organiser_initiative
    if initiative is not None and initiative.pk not in lending_rules.held_initiative_ids(person):
        initiative = None
    occurrences = list(
        Occurrence.objects.filter(meetup=meetup, starts_at__in=starts, booking__isnull=True).order_by(
            "starts_at"
        )
    )
    if not occurrences:
        return 0
    results = lending.request_bookings(
        meetup.room,
        person,
        [(o.starts_at, o.ends_at) for o in occurrences],
        purpose=meetup.title[:300],
        initiative=initiative,
        until_refused=strict,
    )
    asked = 0
    unbooked = []  # the dates the room refused, when not strict: told to the proposer at once
    for occurrence, result in zip(occurrences, results, strict=False):
        moment = when(occurrence)
        if isinstance(result, ValidationError):
            if strict:
                reasons = [_("%(date)s: %(reason)s") % {"date": moment, "reason": m} for m in result.messages]
                raise ValidationError({"room": reasons}) from result
            unbooked.append({"when": moment, "reason": " ".join(result.messages)})
            continue
        if result.status == BookingStatus.REFUSED:
            if strict:
                reason = _("%(date)s: %(reason)s") % {"date": moment, "reason": result.refusal_reason}
                raise ValidationError({"room": [reason]})
            unbooked.append({"when": moment, "reason": result.refusal_reason})
            continue
        Occurrence.objects.filter(pk=occurrence.pk).update(booking=result)
        asked += 1
    if unbooked and person is not None:
        emails.send(
            "meetups/email/room_unavailable",
            to=person,
            territory=meetup.territory,
            context={
                "meetup": meetup,
                "room": meetup.room.name,
                "dates": unbooked,
                "meetup_url": emails.absolute_url(meetup.territory, meetup.get_absolute_url()),
            },
        )
    return asked


def _free_room(occurrence: Occurrence) -> None:
    """A cancelled date gives its room back (the keepers and the room's waiting list are told)."""
    from entraide.lending import services as lending
    from entraide.lending.enums import BookingStatus

    booking = occurrence.booking
    if booking is not None and booking.status in (BookingStatus.REQUESTED, BookingStatus.APPROVED):
        lending.cancel(booking, by=booking.borrower)


def extend_occurrences(now: datetime.datetime | None = None) -> int:
    """The daily job: every published repeating meetup gets its dates up to a year ahead."""
    now = now or timezone.now()
    made = 0
    meetups = Meetup.objects.filter(status=MeetupStatus.PUBLISHED).exclude(rrule="")
    for meetup in meetups.filter(Q(last_starts_at__isnull=True) | Q(last_starts_at__gte=now)).iterator():
        with transaction.atomic():
            made += sync_occurrences(meetup, now)
    return made


@transaction.atomic
def cancel_date(meetup: Meetup, day: datetime.date, *, by) -> Occurrence:
    """Cancel one date of a meetup (an EXDATE in the calendars) and tell the people registered."""
    occurrence = next(
        (
            o
            for o in Occurrence.objects.select_for_update().filter(meetup=meetup, cancelled=False)
            if timezone.localtime(o.starts_at).date() == day
        ),
        None,
    )
    if occurrence is None:
        raise _error(
            _("The meetup does not take place on %(date)s: there is nothing to cancel.")
            % {"date": date_format(day, "j F Y")}
        )
    if occurrence.starts_at <= timezone.now():
        raise _error(_("This date has passed: it cannot be cancelled any more."))
    occurrence.cancelled = True
    occurrence.save(update_fields=["cancelled"])
    _free_room(occurrence)
    Meetup.objects.filter(pk=meetup.pk).update(sequence=F("sequence") + 1, updated_at=timezone.now())
    people = Registration.objects.filter(
        occurrence=occurrence, status__in=ACTIVE_REGISTRATIONS
    ).select_related("person")
    for registration in people:
        _tell(registration, "meetups/email/date_cancelled")
    return occurrence


# Registering -------------------------------------------------------------------------------


def cancel_url(registration: Registration) -> str:
    token = signing.Signer(salt=CANCEL_SALT).sign(str(registration.public_id))
    return emails.absolute_url(
        registration.occurrence.territory, reverse("meetups:cancel_by_token", kwargs={"token": token})
    )


def registration_for_token(token: str, territory) -> Registration | None:
    try:
        public_id = signing.Signer(salt=CANCEL_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.in_territory(territory)
        .filter(public_id=public_id)
        .select_related("occurrence__meetup", "person")
        .first()
    )


def _tell(registration: Registration, template: str) -> None:
    occurrence = registration.occurrence
    emails.send(
        template,
        to=registration.person,
        territory=occurrence.territory,
        context={
            "meetup": occurrence.meetup,
            "when": when(occurrence),
            "where": occurrence.meetup.location,
            "registration": registration,
            "meetup_url": emails.absolute_url(occurrence.territory, occurrence.get_absolute_url()),
            "cancel_url": cancel_url(registration),
        },
    )


def _lock(occurrence: Occurrence) -> Occurrence:
    return Occurrence.objects.select_for_update().select_related("meetup", "territory").get(pk=occurrence.pk)


def _fits(occurrence: Occurrence, places: int) -> bool:
    capacity = occurrence.meetup.capacity
    return capacity is None or occurrence.taken + places <= capacity


def _promote(occurrence: Occurrence) -> list[Registration]:
    """Give freed places to the waiting list, in order of registration; tell each person."""
    promoted = []
    waiting = Registration.objects.filter(
        occurrence=occurrence, status=RegistrationStatus.WAITING
    ).select_related("person")
    for registration in waiting.order_by("created_at", "pk"):
        if not _fits(occurrence, registration.places):
            break  # the first in line keeps their turn: nobody jumps the queue
        registration.status = RegistrationStatus.CONFIRMED
        registration.updated_at = timezone.now()
        registration.save(update_fields=["status", "updated_at"])
        occurrence.taken += registration.places
        promoted.append(registration)
    occurrence.save(update_fields=["taken"])
    for registration in promoted:
        registration.occurrence = occurrence
        _tell(registration, "meetups/email/promoted")
    return promoted


@transaction.atomic
def register(occurrence: Occurrence, person, *, guests: int = 0, entered_by=None) -> Registration:
    """Register `person` (by a referent if `entered_by`) for one date: a place, the organisers'
    approval, or the waiting list."""
    occurrence = _lock(occurrence)
    meetup = occurrence.meetup
    if not meetup.is_published or not meetup.registration_required:
        raise _error(_("This meetup needs no registration: just come."))
    if occurrence.cancelled:
        raise _error(_("This date is cancelled."))
    if occurrence.starts_at <= timezone.now():
        raise _error(_("This meetup has already started or is over: registration is closed."))
    if guests < 0 or guests > meetup.guests_allowed:
        raise _error(
            _("You may bring at most %(n)s person.") % {"n": meetup.guests_allowed}
            if meetup.guests_allowed
            else _("This meetup takes no guests: each person registers.")
        )
    if person.territory_id != occurrence.territory_id:
        raise _error(_("This person is not part of this territory."))
    registration = Registration.objects.filter(occurrence=occurrence, person=person).first()
    if registration is not None and registration.status in ACTIVE_REGISTRATIONS:
        raise _error(_("You are already registered for this date."))
    if registration is not None and registration.status == RegistrationStatus.REFUSED:
        raise _error(_("The organisers did not accept this registration."))
    registration = registration or Registration(occurrence=occurrence, person=person)
    registration.guests = guests
    registration.entered_by = entered_by
    registration.created_at = registration.updated_at = timezone.now()
    someone_waits = Registration.objects.filter(
        occurrence=occurrence, status=RegistrationStatus.WAITING
    ).exists()
    if meetup.approval_required:
        registration.status = RegistrationStatus.PENDING
    elif not someone_waits and _fits(occurrence, registration.places):
        registration.status = RegistrationStatus.CONFIRMED
        occurrence.taken += registration.places
        occurrence.save(update_fields=["taken"])
    else:
        registration.status = RegistrationStatus.WAITING
    registration.save()
    if entered_by is not None:
        record_proxy_action(
            entered_by,
            person,
            _("registered for %(meetup)s, %(when)s") % {"meetup": meetup.title, "when": when(occurrence)},
        )
    template = {
        RegistrationStatus.CONFIRMED: "meetups/email/registered",
        RegistrationStatus.WAITING: "meetups/email/waiting",
        RegistrationStatus.PENDING: "meetups/email/pending",
    }[registration.status]
    _tell(registration, template)
    return registration


@transaction.atomic
def cancel_registration(registration: Registration, *, by=None) -> list[Registration]:
    """Cancel a registration; the freed places go to the waiting list. Returns who was promoted."""
    occurrence = _lock(registration.occurrence)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in ACTIVE_REGISTRATIONS:
        return []
    if occurrence.ends_at <= timezone.now():
        raise _error(_("This meetup is over: there is nothing to cancel."))
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.updated_at = timezone.now()
    registration.save(update_fields=["status", "updated_at"])
    if by is not None and by.pk != registration.person_id:
        record_proxy_action(
            by,
            registration.person,
            _("registration cancelled for %(meetup)s") % {"meetup": occurrence.meetup.title},
        )
    if not was_confirmed:
        return []
    occurrence.taken -= registration.places
    return _promote(occurrence)


@transaction.atomic
def decide(registration: Registration, *, accept: bool) -> Registration:
    """The organisers accept (a place, or the waiting list when full) or refuse a pending registration."""
    occurrence = _lock(registration.occurrence)
    registration = Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
    if registration.status != RegistrationStatus.PENDING:
        raise _error(_("This registration is not awaiting a decision."))
    registration.updated_at = timezone.now()
    if not accept:
        registration.status = RegistrationStatus.REFUSED
    elif _fits(occurrence, registration.places):
        registration.status = RegistrationStatus.CONFIRMED
        occurrence.taken += registration.places
        occurrence.save(update_fields=["taken"])
    else:
        registration.status = RegistrationStatus.WAITING
    registration.save(update_fields=["status", "updated_at"])
    registration.occurrence = occurrence
    _tell(
        registration,
        {
            RegistrationStatus.REFUSED: "meetups/email/refused",
            RegistrationStatus.CONFIRMED: "meetups/email/registered",
            RegistrationStatus.WAITING: "meetups/email/waiting",
        }[registration.status],
    )
    return registration


# Afterwards --------------------------------------------------------------------------------


@transaction.atomic
def close(occurrence: Occurrence, *, by, present: int, first_timers: int | None, report: str) -> Occurrence:
    occurrence = _lock(occurrence)
    if occurrence.cancelled:
        raise _error(_("This date was cancelled: there is nothing to close."))
    if occurrence.starts_at > timezone.now():
        raise _error(_("This meetup has not taken place yet: close it afterwards."))
    if first_timers is not None and first_timers > present:
        raise _error(
            _("The people who came for the first time are among those present: at most %(n)s.")
            % {"n": present}
        )
    occurrence.present_count = present
    occurrence.first_timers = first_timers
    occurrence.report = report
    occurrence.closed_at = timezone.now()
    occurrence.closed_by = by
    occurrence.save()
    return occurrence


# Reminders ---------------------------------------------------------------------------------


def send_reminders(now: datetime.datetime | None = None) -> int:
    """The day before and the morning of: each registration is reminded at most once of each,
    marked in the same transaction as its email is queued, so running twice sends nothing twice."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    day_start = datetime.datetime.combine(today, datetime.time.min, tzinfo=timezone.get_current_timezone())
    tomorrow_start = day_start + datetime.timedelta(days=1)
    sent = 0
    jobs = [
        # The eve: dates of tomorrow.
        (
            "reminded_eve_at",
            tomorrow_start,
            tomorrow_start + datetime.timedelta(days=1),
            "meetups/email/reminder_eve",
        ),
        # The morning of: dates of today not yet started.
        ("reminded_day_at", max(now, day_start), tomorrow_start, "meetups/email/reminder_day"),
    ]
    for field, after, before, template in jobs:
        due = Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            occurrence__cancelled=False,
            occurrence__meetup__status=MeetupStatus.PUBLISHED,
            occurrence__starts_at__gte=after,
            occurrence__starts_at__lt=before,
            **{f"{field}__isnull": True},
        ).values_list("pk", flat=True)
        for pk in list(due):
            with transaction.atomic():
                registration = (
                    Registration.objects.select_for_update(of=("self",))
                    .select_related(
                        "occurrence__meetup__commune",
                        "occurrence__meetup__place",
                        "occurrence__meetup__room",
                        "occurrence__territory",
                        "person",
                    )
                    .filter(pk=pk, **{f"{field}__isnull": True})
                    .first()
                )
                if registration is None:
                    continue
                setattr(registration, field, now)
                registration.save(update_fields=[field])
                _tell(registration, template)
                sent += 1
    return sent
