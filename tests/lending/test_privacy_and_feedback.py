"""Export and erasure of a person's lending data; feedback on a returned loan."""

import pytest

from entraide.evaluation import kinds
from entraide.lending import privacy
from entraide.lending.enums import BookingStatus, ItemKind, OwnerKind
from entraide.lending.models import Booking, Item, WaitingEntry

from .factories import ItemFactory, at, make_booking

pytestmark = pytest.mark.django_db


def test_export_then_erase_removes_the_persons_objects_and_bookings(commune, resident, neighbour, referent):
    hall = ItemFactory(commune=commune, name="Salle")
    drill = ItemFactory(
        commune=commune,
        kind=ItemKind.OBJECT,
        owner_kind=OwnerKind.RESIDENT,
        owner_person=resident,
        name="Perceuse",
    )
    make_booking(hall, resident, at(3, 10), at(3, 12), purpose="Anniversaire", decided_by=referent)
    make_booking(drill, neighbour, at(4, 10), at(4, 12))
    WaitingEntry.objects.create(
        territory=hall.territory, item=hall, person=resident, starts_at=at(5), ends_at=at(6)
    )
    data = privacy.export(resident)
    assert data["objects_lent"][0]["name"] == "Perceuse"
    assert data["bookings"][0]["purpose"] == "Anniversaire"
    assert len(data["waiting_list"]) == 1
    privacy.erase(resident)
    assert not Item.objects.filter(owner_person=resident).exists()
    assert not Booking.objects.filter(borrower=resident).exists()
    assert not Booking.objects.filter(item=drill).exists()
    assert not WaitingEntry.objects.exists()
    assert Item.objects.filter(pk=hall.pk).exists()


def test_the_borrower_gives_feedback_once_the_loan_is_returned(territory, commune, resident, neighbour):
    hall = ItemFactory(commune=commune)
    booking = make_booking(hall, resident, at(3, 10), at(3, 12))
    assert not kinds.may_give(resident, territory, "loan", booking.public_id)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.RETURNED, checked_out_at=at(3, 10))
    assert kinds.may_give(resident, territory, "loan", booking.public_id)
    assert not kinds.may_give(neighbour, territory, "loan", booking.public_id)


def test_a_returned_loan_waits_for_feedback_in_the_personal_home(client_for, territory, commune, resident):
    from django.utils import timezone

    hall = ItemFactory(commune=commune, name="Sono du comité")
    booking = make_booking(hall, resident, at(-3, 10), at(-2, 12))
    Booking.objects.filter(pk=booking.pk).update(
        status=BookingStatus.RETURNED, checked_out_at=at(-3, 10), returned_at=timezone.now()
    )
    pending, total = kinds.get("loan").pending(resident, territory, 5)
    assert total == 1 and "Sono du comité" in pending[0].label
