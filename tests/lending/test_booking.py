"""Asking to borrow: the owner's rules, clear French refusals, no double booking, the next free slot."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from entraide.lending import hours, services
from entraide.lending.enums import BookingStatus, Borrowers, ItemKind
from entraide.lending.models import Booking, WaitingEntry

from .factories import ItemFactory, at, make_booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(commune):
    return ItemFactory(
        commune=commune,
        kind=ItemKind.ROOM,
        name="Salle des fêtes",
        address="Place de la Mairie",
        opens_at=datetime.time(8),
        closes_at=datetime.time(23),
        notice_hours=48,
        longest_hours=16,
        buffer_minutes=60,
    )


def messages_of(error) -> str:
    return " ".join(error.value.messages)


def test_it_records_a_request_and_tells_the_referent(hall, resident, referent):
    booking = services.request_booking(hall, resident, at(5, 14), at(5, 18), purpose="Loto")
    assert booking.status == BookingStatus.REQUESTED
    assert booking.blocked_until == at(5, 19)
    assert [m.to for m in mail.outbox] == [[referent.email]]


def test_it_approves_at_once_when_the_item_says_so(commune, resident):
    item = ItemFactory(commune=commune, auto_approve=True)
    booking = services.request_booking(item, resident, at(2), at(3))
    assert booking.status == BookingStatus.APPROVED


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((5, 18), (5, 14), "après le début"),
        ((-1, 14), (-1, 18), "est passée"),
        ((1, 14), (1, 18), "48 heures à l'avance"),
        ((5, 9), (6, 9), "16 heures au plus"),
        ((5, 6), (5, 9), None),  # before opening: the day's hours, said (test_opening_hours.py)
    ],
)
def test_it_refuses_bad_slots_with_a_clear_message_and_saves_nothing(hall, resident, start, end, expected):
    with pytest.raises(ValidationError) as error:
        services.request_booking(hall, resident, at(*start), at(*end))
    expected = expected or hours.opening_errors(hall, at(*start), at(*end))[0]
    assert expected in messages_of(error)
    assert not Booking.objects.exists()


def test_it_refuses_a_withdrawn_item(hall, resident):
    hall.is_active = False
    hall.save()
    with pytest.raises(ValidationError):
        services.request_booking(hall, resident, at(5, 14), at(5, 18))
    assert services.slot_errors(hall, at(5, 14), at(5, 18), by=resident)[0].startswith(
        "Cet objet a été retiré"
    )


def test_it_refuses_someone_the_rules_exclude(hall, resident):
    hall.borrowers = Borrowers.INITIATIVES
    hall.save()
    with pytest.raises(ValidationError) as error:
        services.request_booking(hall, resident, at(5, 14), at(5, 18))
    assert "aux initiatives" in messages_of(error)


def test_an_overlapping_request_is_refused_for_lack_of_availability_and_the_next_slot_proposed(
    hall, resident, neighbour, referent
):
    first = services.request_booking(hall, resident, at(5, 14), at(5, 18))
    services.approve(first, by=referent)
    second = services.request_booking(hall, neighbour, at(5, 15), at(5, 17))
    assert second.status == BookingStatus.REFUSED and second.unavailable
    assert second.refusal_reason
    # Same length (2 h), after the first loan and its hour of buffer.
    assert services.next_free_slot(hall, at(5, 15), at(5, 17)) == (at(5, 19), at(5, 21))


def test_the_next_free_slot_skips_to_the_next_opening(hall, resident):
    make_booking(hall, resident, at(5, 8), at(5, 22))
    start, end = services.next_free_slot(hall, at(5, 14), at(5, 18))
    assert (start, end) == (at(6, 8), at(6, 12))


def test_approving_a_taken_slot_refuses_it_instead(hall, resident, neighbour, referent):
    first = services.request_booking(hall, resident, at(5, 14), at(5, 18))
    second = services.request_booking(hall, neighbour, at(5, 16), at(5, 20))
    assert second.status == BookingStatus.REQUESTED
    services.approve(first, by=referent)
    second = services.approve(second, by=referent)
    assert second.status == BookingStatus.REFUSED and second.unavailable


def test_a_refusal_needs_a_reason(hall, resident, referent):
    booking = services.request_booking(hall, resident, at(5, 14), at(5, 18))
    with pytest.raises(ValidationError):
        services.refuse(booking, by=referent, reason=" ")
    services.refuse(booking, by=referent, reason="Salle en travaux")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REFUSED and booking.refusal_reason == "Salle en travaux"


def test_the_database_refuses_overlapping_held_bookings_on_postgresql(hall, resident, neighbour):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    make_booking(hall, resident, at(5, 14), at(5, 18))
    with pytest.raises(IntegrityError):
        make_booking(hall, neighbour, at(5, 18, 30), at(5, 20))  # inside the first one's buffer


def test_cancelling_tells_the_waiting_list_once(hall, resident, neighbour, referent):
    booking = services.request_booking(hall, resident, at(5, 14), at(5, 18))
    services.approve(booking, by=referent)
    services.join_waiting_list(hall, neighbour, at(5, 15), at(5, 17))
    mail.outbox.clear()
    services.cancel(booking, by=resident)
    assert [m.to for m in mail.outbox if "libéré" in m.subject] == [[neighbour.email]]
    assert WaitingEntry.objects.get().notified_at is not None


def test_a_referent_books_for_a_person_without_internet(hall, referent, commune):
    from ..factories import UserFactory

    assisted = UserFactory(commune=commune, email=None, is_assisted=True)
    booking = services.request_booking(hall, assisted, at(5, 14), at(5, 18), entered_by=referent)
    assert booking.status == BookingStatus.APPROVED and booking.entered_by == referent
