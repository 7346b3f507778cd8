"""Many people register for the last places at the same moment: never more than the capacity (PostgreSQL)."""

import pytest
from django.db import connection

from entraide.meetups import services
from entraide.meetups.models import Occurrence, Registration

from ..concurrency import run_together
from ..factories import CommuneFactory, RoleFactory, TerritoryFactory, UserFactory
from .factories import make_meetup

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_the_capacity_on_postgresql(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: run with DATABASE_URL=postgres://…")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    territory = TerritoryFactory(slug="concurrence-rencontres", hostnames="m.example.org")
    commune = CommuneFactory(territory=territory)
    organiser = UserFactory(commune=commune)
    RoleFactory(user=organiser, kind="referent", commune=commune)
    meetup = make_meetup(organiser, registration_required=True, capacity=5, guests_allowed=1)
    occurrence = Occurrence.objects.get(meetup=meetup)
    people = [UserFactory(commune=commune) for _ in range(THREADS)]

    def job(person, guests):
        return lambda: services.register(occurrence, person, guests=guests).status

    outcomes = run_together([job(person, index % 2) for index, person in enumerate(people)])

    assert len(outcomes) == THREADS
    assert [outcome for outcome in outcomes if outcome[0] != "ok"] == []
    assert {status for _ok, status in outcomes} <= {"confirmed", "waiting"}
    confirmed = Registration.objects.filter(occurrence=occurrence, status="confirmed")
    taken = sum(r.places for r in confirmed)
    assert taken <= 5
    assert Occurrence.objects.get(pk=occurrence.pk).taken == taken
    assert Registration.objects.filter(occurrence=occurrence).count() == THREADS
