"""Many people register for the last places at the same moment: never more than the capacity (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from entraide.meetups import services
from entraide.meetups.models import Occurrence, Registration

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
    barrier = threading.Barrier(THREADS)
    outcomes, lock = [], threading.Lock()

    def run(person, guests):
        try:
            barrier.wait()
            try:
                outcome = services.register(occurrence, person, guests=guests).status
            except ValidationError as error:
                outcome = f"refused: {error.messages}"
            except Exception as error:
                outcome = f"crash: {error!r}"
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(p, i % 2)) for i, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not [o for o in outcomes if o.startswith(("crash", "refused"))]
    confirmed = Registration.objects.filter(occurrence=occurrence, status="confirmed")
    taken = sum(r.places for r in confirmed)
    assert taken <= 5
    assert Occurrence.objects.get(pk=occurrence.pk).taken == taken
    assert Registration.objects.filter(occurrence=occurrence).count() == THREADS
