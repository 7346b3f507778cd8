"""Late returns turn overdue by themselves, once: the borrower is reminded and the owner told."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from entraide.lending.enums import BookingStatus

from .factories import ItemFactory, make_booking

pytestmark = pytest.mark.django_db


def test_a_loan_past_its_end_turns_overdue_and_reminders_go_out_once(commune, resident, referent):
    item = ItemFactory(commune=commune, name="Sono")
    now = timezone.now()
    late = make_booking(
        item,
        resident,
        now - datetime.timedelta(days=2),
        now - datetime.timedelta(hours=1),
        status=BookingStatus.CHECKED_OUT,
        checked_out_at=now - datetime.timedelta(days=2),
    )
    on_time = make_booking(
        item,
        resident,
        now + datetime.timedelta(days=1),
        now + datetime.timedelta(days=2),
        status=BookingStatus.CHECKED_OUT,
        checked_out_at=now,
    )
    call_command("lending", "mark-overdue")
    late.refresh_from_db()
    on_time.refresh_from_db()
    assert late.status == BookingStatus.OVERDUE and late.overdue_reminded_at is not None
    assert on_time.status == BookingStatus.CHECKED_OUT
    assert sorted(m.to[0] for m in mail.outbox) == sorted([resident.email, referent.email])
    call_command("lending", "mark-overdue")  # the next day, or a second server: nothing twice
    assert len(mail.outbox) == 2


def test_an_overdue_loan_can_still_be_returned(client_for, commune, resident, referent):
    item = ItemFactory(commune=commune)
    now = timezone.now()
    booking = make_booking(
        item,
        resident,
        now - datetime.timedelta(days=2),
        now - datetime.timedelta(hours=1),
        status=BookingStatus.OVERDUE,
        checked_out_at=now - datetime.timedelta(days=2),
    )
    page = client_for(referent).get("/accueil/pret/").content.decode()
    assert booking.get_absolute_url() in page
    client_for(referent).post(f"/pret/reservations/{booking.public_id}/retour/", {"note": "Rendu"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.RETURNED
