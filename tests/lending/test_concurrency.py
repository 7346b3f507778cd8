"""Two people ask for the same slot of an automatically approved item at the same moment, and two
referents approve overlapping requests at once: never two held bookings (PostgreSQL, real connections)."""

import pytest
from django.db import connection

from entraide.lending import services
from entraide.lending.enums import BLOCKING, BookingStatus
from entraide.lending.models import Booking

from ..concurrency import run_together
from ..factories import CommuneFactory, RoleFactory, TerritoryFactory, UserFactory
from .factories import ItemFactory, at

THREADS = 8


def _setup():
    territory = TerritoryFactory(slug="concurrence-pret", hostnames="l.example.org")
    commune = CommuneFactory(territory=territory)
    referent = UserFactory(commune=commune)
    RoleFactory(user=referent, kind="referent", commune=commune)
    return commune, referent


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_one_slot_never_both_succeed_on_postgresql(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: run with DATABASE_URL=postgres://…")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    commune, _referent = _setup()
    item = ItemFactory(commune=commune, auto_approve=True, buffer_minutes=30)
    people = [UserFactory(commune=commune) for _ in range(THREADS)]
    outcomes = run_together(
        [
            lambda p=p, i=i: services.request_booking(item, p, at(3, 10 + i % 2), at(3, 12)).status
            for i, p in enumerate(people)
        ]
    )
    assert [o for o in outcomes if o[0] != "ok"] == []
    assert sorted(o[1] for o in outcomes).count(BookingStatus.APPROVED) == 1
    assert Booking.objects.filter(item=item, status__in=BLOCKING).count() == 1
    assert (
        Booking.objects.filter(item=item, status=BookingStatus.REFUSED, unavailable=True).count()
        == THREADS - 1
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_of_overlapping_requests_hold_one_on_postgresql(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: run with DATABASE_URL=postgres://…")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    commune, referent = _setup()
    item = ItemFactory(commune=commune)
    requests = [
        services.request_booking(item, UserFactory(commune=commune), at(4, 9 + i), at(4, 14))
        for i in range(4)
    ]
    outcomes = run_together([lambda b=b: services.approve(b, by=referent).status for b in requests])
    assert [o for o in outcomes if o[0] != "ok"] == []
    assert Booking.objects.filter(item=item, status__in=BLOCKING).count() == 1
