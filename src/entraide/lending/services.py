"""Multi-step operations on loans, each in one transaction.

Every operation that may make a booking hold its item (asking with automatic approval, approving,
booking at the desk) first takes the item's row (`_lock_item`): two of them on one item wait for
each other, and the second sees the first's booking when it re-checks the slot. On PostgreSQL the
exclusion constraint `lending_booking_no_overlap` is the last guard; on SQLite transactions are
IMMEDIATE (settings) and the row update takes the database's write lock.
"""

import datetime
import io
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from entraide.core import emails
from entraide.core.calendars import local_zone
from entraide.directory.models import Holder
from entraide.people.models import User
from entraide.people.services import record_proxy_action

from . import hours, rules
from .enums import BLOCKING, BookingStatus, Borrowers, OwnerKind, SupportStatus
from .models import Booking, Item, SupportRequest, WaitingEntry

SEARCH_AHEAD = datetime.timedelta(days=60)  # how far the next free slot is looked for
SEARCH_ROWS = 300  # bookings read for it, at most (one query)
PHOTO_MAX_BYTES = 8 * 1024 * 1024
PHOTO_SIDE = 1200


def when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F Y, H:i")


def span(start: datetime.datetime, end: datetime.datetime) -> str:
    start, end = timezone.localtime(start), timezone.localtime(end)
    if start.date() == end.date():
        return _("%(day)s from %(start)s to %(end)s") % {
            "day": date_format(start, "l j F Y"),
            "start": time_format(start, "H:i"),
            "end": time_format(end, "H:i"),
        }
    return _("from %(start)s to %(end)s") % {"start": when(start), "end": when(end)}


# Rules of a slot ----------------------------------------------------------------------------


def opening_display(item: Item) -> str:
    return hours.opening_display(item)


def _is_open(item: Item, moment: datetime.datetime, *, closing: bool = False) -> bool:
    return hours.is_open(item, timezone.localtime(moment), closing=closing)


def slot_errors(
    item: Item, start: datetime.datetime, end: datetime.datetime, *, by, now: datetime.datetime | None = None
) -> list[str]:
    """Why `by` may not borrow `item` over [start, end), in plain French; empty when the owner's
    rules allow it (availability is checked apart, under the item's lock)."""
    now = now or timezone.now()
    if not item.is_active:
        return [_("This item has been withdrawn from the catalogue: it cannot be borrowed.")]
    if not rules.may_borrow_by_rules(by, item.territory, item):
        who = {
            Borrowers.INITIATIVES: _("initiatives"),
            Borrowers.REFERENTS: _("the commune's referents"),
        }.get(item.borrowers, "")
        return [_("Its owner lends this item to %(who)s only.") % {"who": who}]
    if end <= start:
        return [_("The return must come after the start of the loan: check the times.")]
    errors = []
    if start < now:
        errors.append(_("This time has passed: choose a time to come."))
    elif start < now + datetime.timedelta(hours=item.notice_hours):
        errors.append(
            _("Ask at least %(hours)s hours ahead for this item: choose a later start.")
            % {"hours": item.notice_hours}
        )
    if end - start > datetime.timedelta(hours=item.longest_hours):
        errors.append(
            _("This item is lent for %(hours)s hours at most: choose an earlier return.")
            % {"hours": item.longest_hours}
        )
    errors.extend(hours.opening_errors(item, timezone.localtime(start), timezone.localtime(end)))
    return errors


def _held(item: Item, start: datetime.datetime, end: datetime.datetime, exclude=None):
    bookings = Booking.objects.filter(item=item, status__in=BLOCKING).overlapping(start, end + item.buffer)
    if exclude is not None:
        bookings = bookings.exclude(pk=exclude.pk)
    return bookings


def _next_opening(item: Item, moment: datetime.datetime, duration: datetime.timedelta):
    """The earliest start at or after `moment` where [start, start + duration) fits the opening hours."""
    zone = local_zone()
    local = timezone.localtime(moment)
    for day_offset in range(15):
        day = local.date() + datetime.timedelta(days=day_offset)
        day_hours = hours.hours_on(item, day.isoweekday())
        if day_hours is None:
            continue
        if day_hours[0] is None:
            candidate = (
                local if day_offset == 0 else datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
            )
        else:
            opening = datetime.datetime.combine(day, day_hours[0], tzinfo=zone)
            candidate = max(opening, local) if day_offset == 0 else opening
        if _is_open(item, candidate) and _is_open(item, candidate + duration, closing=True):
            return candidate
    return None


def next_free_slot(item: Item, start: datetime.datetime, end: datetime.datetime):
    """The first (start, end) of the same length, from `start` on, that no held booking meets and
    that fits the opening hours; None within SEARCH_AHEAD. One query whatever the bookings."""
    duration = end - start
    held = list(
        Booking.objects.filter(item=item, status__in=BLOCKING)
        .filter(blocked_until__gt=start, starts_at__lt=start + SEARCH_AHEAD)
        .order_by("starts_at")
        .values_list("starts_at", "blocked_until")[:SEARCH_ROWS]
    )
    candidate = start
    for _round in range(len(held) + 20):
        candidate = _next_opening(item, candidate, duration)
        if candidate is None or candidate >= start + SEARCH_AHEAD:
            return None
        reach = candidate + duration + item.buffer
        clash = next((b for b in held if b[0] < reach and b[1] > candidate), None)
        if clash is None:
            return candidate, candidate + duration
        candidate = clash[1]
    return None


# Emails ------------------------------------------------------------------------------------


def keepers(item: Item) -> list[User]:
    """Who hears about an item's requests: the resident owner, or the initiative's holders, or the
    referents of its commune."""
    if item.owner_kind == OwnerKind.RESIDENT:
        return [item.owner_person]
    people = []
    if item.owner_kind == OwnerKind.INITIATIVE:
        people = [
            h.user
            for h in Holder.objects.filter(initiative=item.initiative, confirmed=True).select_related("user")
        ]
    if not people:
        people = list(
            User.objects.filter(
                is_active=True,
                roles__territory_id=item.territory_id,
                roles__kind="referent",
                roles__commune_id=item.commune_id,
            ).distinct()
        )
    return people


def _context(booking: Booking) -> dict:
    territory = booking.item.territory
    return {
        "booking": booking,
        "item": booking.item,
        "span": span(booking.starts_at, booking.ends_at),
        "url": emails.absolute_url(territory, booking.get_absolute_url()),
    }


def _tell_borrower(booking: Booking, template: str, **extra) -> None:
    emails.send(
        f"lending/email/{template}",
        to=booking.borrower,
        territory=booking.item.territory,
        context={**_context(booking), **extra},
    )


def _tell_keepers(booking: Booking, template: str, *, but=None) -> None:
    for person in keepers(booking.item):
        if but is None or person.pk != but.pk:
            emails.send(
                f"lending/email/{template}",
                to=person,
                territory=booking.item.territory,
                context=_context(booking),
            )


def _dates(bookings: list[Booking]) -> list[dict]:
    return [{"when": span(b.starts_at, b.ends_at)} for b in bookings]


def _tell_keepers_series(bookings: list[Booking], template: str) -> None:
    """One email to each keeper listing the dates of a series: the desk's link for those who use
    it (they decide them all at once there), the first date's page for the others."""
    first = bookings[0]
    territory = first.item.territory
    desk = None
    for person in keepers(first.item):
        if rules.can_use_desk(person, territory) and not first.item.is_resident_object:
            desk = desk or emails.absolute_url(territory, reverse("lending:desk"))
            url = desk
        else:
            url = emails.absolute_url(territory, first.get_absolute_url())
        emails.send(
            f"lending/email/{template}",
            to=person,
            territory=territory,
            context={"booking": first, "item": first.item, "dates": _dates(bookings), "url": url},
        )


def _tell_borrower_series(bookings: list[Booking], template: str, *, refused: list[Booking] = ()) -> None:
    """One email to the borrower of a series: the dates (approved, or refused), and the dates
    refused meanwhile with each reason."""
    first = (list(bookings) or list(refused))[0]
    territory = first.item.territory
    emails.send(
        f"lending/email/{template}",
        to=first.borrower,
        territory=territory,
        context={
            "booking": first,
            "item": first.item,
            "dates": _dates(bookings),
            "refused_dates": [
                {"when": span(b.starts_at, b.ends_at), "reason": b.refusal_reason} for b in refused
            ],
            "url": emails.absolute_url(territory, reverse("lending:mine")),
        },
    )


# Asking and deciding -----------------------------------------------------------------------


def _lock_item(item: Item) -> Item:
    """Take the item's row before reading its bookings: concurrent approvals queue here."""
    if connection.vendor == "sqlite":
        # No row locks on SQLite: an UPDATE takes the database's write lock for the transaction.
        models.QuerySet(Item).filter(pk=item.pk).update(updated_at=models.F("updated_at"))
    return Item.objects.select_for_update(of=("self",)).select_related("territory", "commune").get(pk=item.pk)


def _refuse_unavailable(booking: Booking) -> Booking:
    booking.status = BookingStatus.REFUSED
    booking.unavailable = True
    booking.refusal_reason = _("The item is already lent at that time.")
    booking.decided_at = timezone.now()
    return booking


def _hold(booking: Booking) -> None:
    """Save a booking that holds its item; a clash the constraint finds becomes a clear refusal."""
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        if "lending_booking_no_overlap" not in str(error):
            raise
        raise ValidationError(_("The item is already lent at that time.")) from error


@transaction.atomic
def request_booking(
    item: Item,
    person: User,
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    purpose: str = "",
    initiative=None,
    entered_by: User | None = None,
    series: uuid.UUID | None = None,
    tell: bool = True,
) -> Booking:
    """Ask to borrow `item` over [start, end) for `person` (by a referent if `entered_by`).

    Against the owner's rules: a ValidationError, nothing saved. On a slot already held: a refused
    booking, kept for the figures ("refused for lack of availability"); the caller proposes
    `next_free_slot`. Otherwise requested, or approved at once when the item approves
    automatically or a referent books at the desk. Without `tell`, nobody is written to (the
    caller sends one summary, as `request_bookings` does).
    """
    item = _lock_item(item)
    actor = entered_by or person
    if entered_by is None and not rules.can_borrow(person, item.territory, item):
        errors = slot_errors(item, start, end, by=person)
        raise ValidationError(errors or [_("You cannot borrow this item.")])
    if entered_by is not None and not rules.can_book_for_someone(entered_by, item.territory, item):
        raise ValidationError(_("You cannot book this item on someone's behalf."))
    errors = slot_errors(item, start, end, by=actor)
    if errors:
        raise ValidationError(errors)
    if (
        initiative is not None
        and entered_by is None
        and initiative.pk not in rules.held_initiative_ids(person)
    ):
        raise ValidationError(_("You can only book for an initiative you hold."))
    now = timezone.now()
    booking = Booking(
        territory=item.territory,
        item=item,
        borrower=person,
        initiative=initiative,
        entered_by=entered_by,
        starts_at=start,
        ends_at=end,
        blocked_until=end + item.buffer,
        purpose=purpose,
        series=series,
        status=BookingStatus.REQUESTED,
        created_at=now,
        updated_at=now,
    )
    if _held(item, start, end).exists():
        _refuse_unavailable(booking).save()
        return booking
    if item.auto_approve or entered_by is not None:
        booking.status = BookingStatus.APPROVED
        booking.decided_at = now
        booking.decided_by = entered_by
        _hold(booking)
        if entered_by is not None:
            record_proxy_action(
                entered_by,
                person,
                _("Booked %(item)s, %(span)s") % {"item": item.name, "span": span(start, end)},
            )
        if tell:
            _tell_borrower(booking, "approved")
            _tell_keepers(booking, "booked", but=entered_by)
    else:
        booking.save()
        if tell:
            _tell_keepers(booking, "requested")
    return booking


@transaction.atomic
def request_bookings(
    item: Item,
    person: User,
    slots: list[tuple[datetime.datetime, datetime.datetime]],
    *,
    purpose: str = "",
    initiative=None,
    until_refused: bool = False,
) -> list[Booking | ValidationError]:
    """Ask for several slots of `item` at once (a meetup's dates): `request_booking` for each, with
    its rules and the item's lock, in one transaction. Returns, slot by slot, the booking (requested,
    approved, or refused for lack of availability) or the ValidationError that refused it by the
    owner's rules (nothing saved for that slot).

    The bookings share a `series`, which the desk decides at once; instead of an email per slot,
    each keeper gets one listing the dates (requested, or booked when the item approves
    automatically) and the borrower one listing the approved dates. A single slot is asked for
    exactly as `request_booking` does, emails included. With `until_refused`, the first refusal
    ends it and nobody is written to: the caller raises, and its transaction saves nothing.
    """
    single = len(slots) == 1
    series = None if single else uuid.uuid4()
    results: list[Booking | ValidationError] = []
    for start, end in slots:
        try:
            booking = request_booking(
                item,
                person,
                start,
                end,
                purpose=purpose,
                initiative=initiative,
                series=series,
                tell=single,
            )
        except ValidationError as error:
            results.append(error)
            if until_refused:
                return results
            continue
        results.append(booking)
        if until_refused and booking.status == BookingStatus.REFUSED:
            return results
    if single:
        return results
    made = [r for r in results if isinstance(r, Booking)]
    requested = [b for b in made if b.status == BookingStatus.REQUESTED]
    approved = [b for b in made if b.status == BookingStatus.APPROVED]
    if requested:
        _tell_keepers_series(requested, "requested_series")
    if approved:
        _tell_keepers_series(approved, "booked_series")
        _tell_borrower_series(approved, "approved_series")
    return results


@transaction.atomic
def approve(booking: Booking, *, by: User) -> Booking:
    item = _lock_item(booking.item)
    booking = Booking.objects.select_related("item", "borrower").get(pk=booking.pk)
    if not rules.can_decide(by, item.territory, booking):
        raise ValidationError(_("This request is no longer awaiting a decision."))
    booking.decided_by = by
    booking.updated_at = timezone.now()
    if _held(item, booking.starts_at, booking.ends_at, exclude=booking).exists():
        _refuse_unavailable(booking).save()
        _tell_borrower(booking, "refused")
        return booking
    booking.status = BookingStatus.APPROVED
    booking.decided_at = booking.updated_at
    _hold(booking)
    _tell_borrower(booking, "approved")
    return booking


@transaction.atomic
def refuse(booking: Booking, *, by: User, reason: str) -> Booking:
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("item__territory", "borrower")
        .get(pk=booking.pk)
    )
    if not rules.can_decide(by, booking.item.territory, booking):
        raise ValidationError(_("This request is no longer awaiting a decision."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the request is refused: the person will read it."))
    booking.status = BookingStatus.REFUSED
    booking.refusal_reason = reason[:300]
    booking.decided_by = by
    booking.decided_at = booking.updated_at = timezone.now()
    booking.save()
    _tell_borrower(booking, "refused")
    return booking


def _series_to_decide(series: uuid.UUID, by: User) -> list[Booking]:
    """The dates of a series still awaiting a decision, read under the item's lock, once `by` may
    decide each (else a ValidationError, nothing decided)."""
    first = Booking.objects.filter(series=series).select_related("item").first()
    if first is None:
        raise ValidationError(_("These requests are no longer awaiting a decision."))
    item = _lock_item(first.item)
    bookings = list(
        Booking.objects.filter(series=series, status=BookingStatus.REQUESTED)
        .select_related("borrower")
        .order_by("starts_at", "pk")
    )
    for booking in bookings:
        booking.item = item
    if not bookings or not all(rules.can_decide(by, item.territory, b) for b in bookings):
        raise ValidationError(_("These requests are no longer awaiting a decision."))
    return bookings


@transaction.atomic
def approve_series(series: uuid.UUID, *, by: User) -> list[Booking]:
    """Approve every date of a series still awaiting a decision, under the item's lock: a date
    whose slot is held meanwhile is refused for lack of availability, as `approve` does. The
    borrower gets one email listing both."""
    bookings = _series_to_decide(series, by)
    item = bookings[0].item
    now = timezone.now()
    approved, refused = [], []
    for booking in bookings:
        booking.decided_by = by
        booking.updated_at = now
        if _held(item, booking.starts_at, booking.ends_at, exclude=booking).exists():
            _refuse_unavailable(booking).save()
            refused.append(booking)
            continue
        booking.status = BookingStatus.APPROVED
        booking.decided_at = now
        _hold(booking)
        approved.append(booking)
    if approved:
        _tell_borrower_series(approved, "approved_series", refused=refused)
    else:
        _tell_borrower_series([], "refused_series", refused=refused)
    return bookings


@transaction.atomic
def refuse_series(series: uuid.UUID, *, by: User, reason: str) -> list[Booking]:
    """Refuse every date of a series still awaiting a decision, for one reason; one email."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the request is refused: the person will read it."))
    bookings = _series_to_decide(series, by)
    now = timezone.now()
    for booking in bookings:
        booking.status = BookingStatus.REFUSED
        booking.refusal_reason = reason[:300]
        booking.decided_by = by
        booking.decided_at = booking.updated_at = now
        booking.save()
    _tell_borrower_series([], "refused_series", refused=bookings)
    return bookings


@transaction.atomic
def cancel(booking: Booking, *, by: User) -> Booking:
    item = _lock_item(booking.item)
    booking = Booking.objects.select_related("item", "borrower").get(pk=booking.pk)
    if not rules.can_cancel(by, item.territory, booking):
        raise ValidationError(_("This booking can no longer be cancelled."))
    was_holding = booking.status in BLOCKING
    booking.status = BookingStatus.CANCELLED
    booking.updated_at = timezone.now()
    booking.save(update_fields=["status", "updated_at"])
    if by.pk == booking.borrower_id:
        _tell_keepers(booking, "cancelled")
    else:
        _tell_borrower(booking, "cancelled")
    if was_holding:
        _tell_waiting(item, booking)
    return booking


def _tell_waiting(item: Item, booking: Booking) -> int:
    """The people waiting for a slot this booking held hear that it is free (once each)."""
    entries = list(
        WaitingEntry.objects.filter(
            item=item,
            notified_at__isnull=True,
            starts_at__lt=booking.blocked_until,
            ends_at__gt=booking.starts_at,
        )
        .select_related("person")
        .order_by("created_at", "pk")
    )
    now = timezone.now()
    for entry in entries:
        emails.send(
            "lending/email/slot_free",
            to=entry.person,
            territory=item.territory,
            context={
                "item": item,
                "span": span(entry.starts_at, entry.ends_at),
                "url": emails.absolute_url(item.territory, item.get_absolute_url()),
            },
        )
    WaitingEntry.objects.filter(pk__in=[e.pk for e in entries]).update(notified_at=now)
    return len(entries)


@transaction.atomic
def join_waiting_list(
    item: Item, person: User, start: datetime.datetime, end: datetime.datetime
) -> WaitingEntry:
    if not rules.can_borrow(person, item.territory, item):
        raise ValidationError(_("You cannot borrow this item."))
    if end <= start or start < timezone.now():
        raise ValidationError(_("Choose a time to come, the return after the start."))
    entry, _created = WaitingEntry.objects.get_or_create(
        item=item,
        person=person,
        starts_at=start,
        defaults={"territory": item.territory, "ends_at": end},
    )
    return entry


# Handing over and getting back -------------------------------------------------------------


def _checks(item: Item, ticked: list[str]) -> str:
    lines = item.checklist_lines()
    return "\n".join(line for line in lines if line in ticked)


@transaction.atomic
def check_out(booking: Booking, *, by: User, ticked: list[str] = (), note: str = "") -> Booking:
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("item__territory", "borrower")
        .get(pk=booking.pk)
    )
    if not rules.can_check_out(by, booking.item.territory, booking):
        raise ValidationError(_("Only an approved loan can be handed over."))
    missing = [line for line in booking.item.checklist_lines() if line not in ticked]
    if missing:
        raise ValidationError(
            _("Check every line of the checklist before handing over: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    booking.status = BookingStatus.CHECKED_OUT
    booking.checked_out_at = booking.updated_at = timezone.now()
    booking.checkout_checks = _checks(booking.item, list(ticked))
    booking.checkout_note = (note or "").strip()[:300]
    booking.save()
    return booking


@transaction.atomic
def check_in(booking: Booking, *, by: User, ticked: list[str] = (), note: str = "") -> Booking:
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("item__territory", "borrower")
        .get(pk=booking.pk)
    )
    if not rules.can_check_in(by, booking.item.territory, booking):
        raise ValidationError(_("Only a loan handed over can be returned."))
    booking.status = BookingStatus.RETURNED
    booking.returned_at = booking.updated_at = timezone.now()
    booking.return_checks = _checks(booking.item, list(ticked))
    missing = [line for line in booking.item.checklist_lines() if line not in ticked]
    note = (note or "").strip()
    if missing:
        note = " ".join(filter(None, [note, _("Missing: %(missing)s.") % {"missing": ", ".join(missing)}]))
    booking.return_note = note[:300]
    booking.save()
    if booking.returned_at < booking.blocked_until:  # back early: the rest of the slot is free
        _tell_waiting(booking.item, booking)
    return booking


def remind_starts(now: datetime.datetime | None = None) -> int:
    """The daily job: the borrower of an approved loan that starts tomorrow (local day) is reminded
    of it once (what, when, where, the conditions, and how to cancel), marked in the same
    transaction as the email is queued, so a second run sends nothing."""
    now = now or timezone.now()
    _today, tomorrow = today_bounds(now)
    due = Booking.objects.filter(
        status=BookingStatus.APPROVED,
        start_reminded_at__isnull=True,
        starts_at__gte=tomorrow,
        starts_at__lt=tomorrow + datetime.timedelta(days=1),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due.iterator()):
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update(of=("self",))
                .select_related("item__territory", "item__commune", "item__neighbourhood", "borrower")
                .filter(pk=pk, status=BookingStatus.APPROVED, start_reminded_at__isnull=True)
                .first()
            )
            if booking is None:
                continue
            booking.start_reminded_at = now
            booking.save(update_fields=["start_reminded_at"])
            _tell_borrower(booking, "reminder")
            sent += 1
    return sent


def mark_overdue(now: datetime.datetime | None = None) -> int:
    """The daily job: loans handed over and not back by their end turn overdue; the borrower gets a
    reminder and the keepers a notice, once (the status changes in the same transaction)."""
    now = now or timezone.now()
    done = 0
    late = Booking.objects.filter(status=BookingStatus.CHECKED_OUT, ends_at__lt=now).values_list(
        "pk", flat=True
    )
    for pk in list(late.iterator()):
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update(of=("self",))
                .select_related("item__territory", "borrower")
                .filter(pk=pk, status=BookingStatus.CHECKED_OUT)
                .first()
            )
            if booking is None:
                continue
            booking.status = BookingStatus.OVERDUE
            booking.overdue_reminded_at = booking.updated_at = now
            booking.save(update_fields=["status", "overdue_reminded_at", "updated_at"])
            _tell_borrower(booking, "overdue")
            _tell_keepers(booking, "overdue_owner")
            done += 1
    return done


# Between neighbours ------------------------------------------------------------------------


@transaction.atomic
def share_contact(booking: Booking, *, by: User) -> Booking:
    """Each side chooses to show their contact; it appears only when both did (as on the board)."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("item__owner_person", "borrower")
        .get(pk=booking.pk)
    )
    if not rules.can_share_contact(by, booking.item.territory, booking):
        raise ValidationError(_("Contacts are shared only between neighbours, for a loan under way."))
    if by.pk == booking.borrower_id:
        booking.borrower_shares_contact = True
    else:
        booking.owner_shares_contact = True
    booking.save(update_fields=["borrower_shares_contact", "owner_shares_contact"])
    if booking.contacts_shared:
        for person in (booking.borrower, booking.item.owner_person):
            emails.send(
                "lending/email/contacts_shared",
                to=person,
                territory=booking.item.territory,
                context=_context(booking),
            )
    return booking


# Communication support ---------------------------------------------------------------------


@transaction.atomic
def ask_support(request: SupportRequest, *, by: User) -> SupportRequest:
    item = request.item
    if not rules.can_ask_support(by, item.territory, item):
        raise ValidationError(_("You cannot ask for this communication support."))
    if request.wanted_by < timezone.localdate():
        raise ValidationError(_("This date has passed: choose a date to come."))
    if request.initiative_id and request.initiative_id not in rules.held_initiative_ids(by):
        raise ValidationError(_("You can only ask for an initiative you hold."))
    request.territory = item.territory
    request.requester = by
    request.status = SupportStatus.REQUESTED
    request.full_clean(exclude=["territory", "requester"])
    request.save()
    for person in keepers(item):
        emails.send(
            "lending/email/support_requested",
            to=person,
            territory=item.territory,
            context={"request": request, "url": emails.absolute_url(item.territory, reverse("lending:desk"))},
        )
    return request


@transaction.atomic
def handle_support(request: SupportRequest, *, by: User, status: str, reason: str = "") -> SupportRequest:
    request = (
        SupportRequest.objects.select_for_update(of=("self",))
        .select_related("item", "requester")
        .get(pk=request.pk)
    )
    if not rules.can_handle_support(by, request.item.territory, request):
        raise ValidationError(_("This request is already closed."))
    allowed = {
        SupportStatus.REQUESTED: (SupportStatus.ACCEPTED, SupportStatus.REFUSED, SupportStatus.DONE),
        SupportStatus.ACCEPTED: (SupportStatus.DONE, SupportStatus.REFUSED),
    }[request.status]
    if status not in allowed:
        raise ValidationError(_("This request cannot go to that step."))
    if status == SupportStatus.REFUSED:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(_("Say why the request is refused: the person will read it."))
        request.refusal_reason = reason[:300]
    request.status = status
    request.handled_by = by
    request.updated_at = timezone.now()
    request.save()
    emails.send(
        "lending/email/support_status",
        to=request.requester,
        territory=request.item.territory,
        context={
            "request": request,
            "url": emails.absolute_url(request.item.territory, reverse("lending:mine")),
        },
    )
    return request


# The catalogue -----------------------------------------------------------------------------


def _free_slug(item: Item) -> str:
    base = slugify(item.name)[:60].strip("-") or "objet"
    taken = set(
        Item.objects.in_territory(item.territory)
        .filter(slug__startswith=base)
        .exclude(pk=item.pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def prepare_photo(upload) -> tuple[bytes, bool]:
    """The photo as a JPEG at most PHOTO_SIDE wide, without any metadata; and whether it carried a
    GPS position (removed). A clear French ValidationError for anything that is not a usable image."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo weighs %(size)s MB: at most %(max)s MB. Take a smaller one.")
            % {"size": round(upload.size / 1024 / 1024), "max": PHOTO_MAX_BYTES // 1024 // 1024}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        if image.width * image.height > 60_000_000:
            raise ValidationError(_("This image is too large: take a smaller photo."))
        had_gps = bool(image.getexif().get_ifd(0x8825))
        image = ImageOps.exif_transpose(image).convert("RGB")
        image.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("This file is not a photo we can read: choose a JPEG or PNG image.")
        ) from error
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)  # a new file: no EXIF, no GPS, no comment
    return out.getvalue(), had_gps


@transaction.atomic
def save_item(item: Item, *, by: User, photo: bytes | None = None, remove_photo: bool = False) -> Item:
    """Add or change an item. A resident's object is theirs, in their neighbourhood, never with an
    address; other owners need a referent of the commune (or, for an initiative, its holder)."""
    territory = by.territory
    creating = item.pk is None
    if creating:
        item.territory = territory
    referent = rules.looks_after_commune(by, territory, item.commune_id) if item.commune_id else False
    if item.owner_kind == OwnerKind.RESIDENT or not (
        referent
        or (item.owner_kind == OwnerKind.INITIATIVE and item.initiative_id in rules.held_initiative_ids(by))
    ):
        if creating or item.owner_person_id == by.pk:
            item.owner_kind = OwnerKind.RESIDENT
            item.owner_person = item.owner_person or by
            item.commune_id = item.owner_person.commune_id
            item.neighbourhood_id = item.owner_person.neighbourhood_id
            item.address = ""
            item.initiative = None
            item.business_name = ""
        elif not rules.is_keeper(by, territory, item):
            raise ValidationError(_("You cannot change this item."))
    if item.owner_kind != OwnerKind.RESIDENT:
        item.owner_person = None
    if item.owner_kind != OwnerKind.INITIATIVE:
        item.initiative = None
    item.slug = item.slug if not creating else _free_slug(item)
    if photo is not None:
        item.photo = photo
    elif remove_photo:
        item.photo = None
    item.updated_at = timezone.now()
    item.full_clean(exclude=["territory", "slug", "photo"])
    item.save()
    return item


@transaction.atomic
def withdraw(item: Item, *, by: User) -> Item:
    """Take an item out of the catalogue; its requests still awaiting a decision are refused."""
    item = _lock_item(item)
    if not rules.can_withdraw(by, item.territory, item):
        raise ValidationError(_("This item is already withdrawn."))
    item.is_active = False
    item.updated_at = timezone.now()
    item.save(update_fields=["is_active", "updated_at"])
    pending = Booking.objects.filter(item=item, status=BookingStatus.REQUESTED).select_related("borrower")
    for booking in pending:
        booking.item = item
        booking.status = BookingStatus.REFUSED
        booking.refusal_reason = _("The item was withdrawn from the catalogue.")
        booking.decided_by = by
        booking.decided_at = booking.updated_at = timezone.now()
        booking.save()
        _tell_borrower(booking, "refused")
    return item


# What the desk sees ------------------------------------------------------------------------


def today_bounds(now: datetime.datetime | None = None) -> tuple[datetime.datetime, datetime.datetime]:
    day = timezone.localtime(now or timezone.now()).date()
    zone = local_zone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


def desk_bookings(territory, communes):
    return Booking.objects.in_territory(territory).filter(
        Q(item__commune__in=communes) & ~Q(item__owner_kind=OwnerKind.RESIDENT)
    )
