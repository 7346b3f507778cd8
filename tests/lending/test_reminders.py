"""The evening before a loan starts, its borrower is reminded of it, once: what, when, where, and
how to cancel."""

import pytest
from django.core import mail
from django.core.management import call_command

from entraide.lending.enums import BookingStatus

from .factories import ItemFactory, at, make_booking

pytestmark = pytest.mark.django_db


def test_a_loan_starting_tomorrow_is_reminded_once_to_its_borrower(commune, resident, neighbour):
    item = ItemFactory(commune=commune, name="Remorque")
    tomorrow = make_booking(item, resident, at(1, 9), at(1, 18))
    make_booking(item, neighbour, at(2, 9), at(2, 18))  # the day after: not yet
    make_booking(item, neighbour, at(1, 19), at(1, 20), status=BookingStatus.REQUESTED)  # not approved
    call_command("lending", "remind")
    (message,) = mail.outbox
    assert message.to == [resident.email]
    assert "Remorque" in message.subject
    assert tomorrow.get_absolute_url() in message.body and item.place in message.body
    tomorrow.refresh_from_db()
    assert tomorrow.start_reminded_at is not None
    call_command("lending", "remind")  # a second run, or a second server: nothing twice
    assert len(mail.outbox) == 1


def test_a_cancelled_loan_is_not_reminded(commune, resident):
    item = ItemFactory(commune=commune)
    make_booking(item, resident, at(1, 9), at(1, 18), status=BookingStatus.CANCELLED)
    call_command("lending", "remind")
    assert mail.outbox == []
