"""The demo's lending: rooms, equipment, communication support, residents' objects, and bookings of
every kind; loading twice changes nothing; the figures and the desk work on it."""

import datetime

import pytest
from django.core.management import call_command

from entraide.diagnosis.sources import registry
from entraide.evaluation.registry import figures
from entraide.lending import hours
from entraide.lending.enums import BookingStatus, ItemKind
from entraide.lending.models import Booking, Item, SupportRequest, WaitingEntry
from entraide.people.models import User
from entraide.territories.models import Territory

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Item, Booking, WaitingEntry, SupportRequest)]


def test_the_demo_lends_once_and_its_pages_answer(client):
    call_command("demo", quiet_logins=True)
    first = counts()
    call_command("demo", quiet_logins=True)
    assert counts() == first
    kinds = {kind: Item.objects.filter(kind=kind).count() for kind in ItemKind.values}
    assert kinds == {"room": 3, "equipment": 4, "communication": 2, "object": 3}
    room = Item.objects.get(slug="salle-de-reunion-de-la-mairie")  # office hours and Saturday morning
    assert [hours.hours_on(room, day) for day in (5, 6, 7)] == [
        (datetime.time(9), datetime.time(18)),
        (datetime.time(9), datetime.time(12)),
        None,
    ]
    statuses = set(Booking.objects.values_list("status", flat=True))
    assert {
        BookingStatus.RETURNED,
        BookingStatus.CHECKED_OUT,
        BookingStatus.OVERDUE,
        BookingStatus.APPROVED,
    } <= statuses
    assert WaitingEntry.objects.count() == 1
    page = client.get("/pret/").content.decode()
    assert "Salle des fêtes de Coufouleux" in page and "Perceuse" not in page
    referent = User.objects.get(email="referent.81070@demo.entraide.invalid")
    client.force_login(referent)
    page = client.get("/accueil/pret/").content.decode()
    assert "40 chaises pliantes" in page and "Vidéoprojecteur" in page  # overdue, to decide
    territory = Territory.objects.get()
    today = datetime.date.today()
    for figure in figures():
        if figure.key.startswith("lending_"):
            figure.rows(territory, today - datetime.timedelta(days=400), today + datetime.timedelta(days=60))
    tallies = list(registry()["lending_refused_unavailable"].tally(territory))
    assert sum(t.count for t in tallies) == 1
