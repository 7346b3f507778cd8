"""A resident lends a drill to a neighbour: no address anywhere, contacts only once both agree."""

import pytest
from django.core import mail

from entraide.lending.enums import BookingStatus, ItemKind, OwnerKind
from entraide.lending.models import Booking, Item

from .factories import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def addresses(resident, neighbour):
    resident.phone = "06 11 22 33 44"
    resident.save()
    neighbour.phone = "06 55 66 77 88"
    neighbour.save()
    return ["06 11 22 33 44", "06 55 66 77 88", resident.email, neighbour.email]


def test_a_resident_lends_a_drill_without_either_address_showing(client_for, resident, neighbour, addresses):
    owner, borrower = client_for(resident), client_for(neighbour)
    response = owner.post(
        "/pret/preter-un-objet/",
        {
            "name": "Perceuse",
            "description": "Avec mèches",
            "longest_hours": 72,
            "notice_hours": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    drill = Item.objects.get()
    assert (drill.kind, drill.owner_kind, drill.owner_person, drill.address) == (
        ItemKind.OBJECT,
        OwnerKind.RESIDENT,
        resident,
        "",
    )
    page = borrower.get(drill.get_absolute_url()).content.decode()
    assert "La Gare" in page and not any(a in page for a in addresses)
    day = at(2).date().isoformat()
    response = borrower.post(
        drill.get_absolute_url(), {"date": day, "start_time": "10:00", "end_time": "18:00"}
    )
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.REQUESTED
    assert [m.to for m in mail.outbox] == [[resident.email]]
    for client in (owner, borrower):
        page = client.get(booking.get_absolute_url()).content.decode()
        assert not any(a in page for a in addresses)
    owner.post(f"/pret/reservations/{booking.public_id}/approuver/")
    borrower.post(f"/pret/reservations/{booking.public_id}/partager-contact/")
    page = owner.get(booking.get_absolute_url()).content.decode()
    assert neighbour.email not in page  # one side only: still nothing
    owner.post(f"/pret/reservations/{booking.public_id}/partager-contact/")
    page = owner.get(booking.get_absolute_url()).content.decode()
    assert neighbour.email in page and "06 55 66 77 88" in page
    page = borrower.get(booking.get_absolute_url()).content.decode()
    assert resident.email in page


def test_a_resident_cannot_borrow_their_own_object_nor_set_an_address(client_for, resident):
    client = client_for(resident)
    client.post(
        "/pret/preter-un-objet/",
        {"name": "Échelle", "longest_hours": 24, "notice_hours": 0, "address": "3 rue X", "kind": "room"},
    )
    ladder = Item.objects.get()
    assert ladder.address == "" and ladder.kind == ItemKind.OBJECT
    page = client.get(ladder.get_absolute_url()).content.decode()
    assert "Demander à emprunter" not in page
