"""The issue's bound: the catalogue, an item's page and calendar, the private feed, the desk and the
availability check run as many SQL queries with a few items and bookings as with many more (bulk
created here). Timings at 1,000 items and 200,000 bookings: bench/lending_bench.py."""

import datetime
import itertools

import pytest
from django.utils import timezone

from entraide.core import calendars
from entraide.lending import services
from entraide.lending.enums import BookingStatus, ItemKind, OwnerKind
from entraide.lending.models import Booking, Item
from entraide.lending.views import FEED_PURPOSE

from ..factories import CommuneFactory
from ..helpers import assert_constant_queries, count_queries
from .factories import ItemFactory, at

pytestmark = pytest.mark.django_db

STATUSES = [BookingStatus.APPROVED, BookingStatus.REQUESTED, BookingStatus.RETURNED, BookingStatus.OVERDUE]


@pytest.fixture
def hall(commune):
    return ItemFactory(
        commune=commune, kind=ItemKind.ROOM, name="Salle des fêtes", slug="salle", address="Place"
    )


@pytest.fixture
def add_rows(territory, commune, resident, neighbour, hall):
    """`add(n)`: n more items of every kind (some residents' objects), each with a few bookings, and
    n more bookings of the hall, of the resident, spread over the coming weeks without overlapping."""
    other = CommuneFactory(territory=territory, insee_code="81220", name="Rabastens")
    counter = itertools.count()
    kinds = ItemKind.values

    def add(n):
        items = []
        for _ in range(n):
            i = next(counter)
            kind = kinds[i % 4]
            items.append(
                Item(
                    territory=territory,
                    slug=f"objet-{i}",
                    name=f"Objet {i}",
                    kind=kind,
                    commune=[commune, other][i % 2],
                    owner_kind=OwnerKind.RESIDENT if kind == ItemKind.OBJECT else OwnerKind.COMMUNE,
                    owner_person=neighbour if kind == ItemKind.OBJECT else None,
                    neighbourhood=neighbour.neighbourhood if kind == ItemKind.OBJECT else None,
                )
            )
        Item.objects.bulk_create(items)
        bookings = []
        for item in items:
            for j in range(3):
                start = at(j * 3 + 1)
                bookings.append(
                    Booking(
                        territory=territory,
                        item=item,
                        borrower=resident,
                        starts_at=start,
                        ends_at=start + datetime.timedelta(hours=2),
                        blocked_until=start + datetime.timedelta(hours=2),
                        status=STATUSES[j],
                    )
                )
        base = timezone.now() + datetime.timedelta(days=2)
        for _ in range(n):
            k = next(counter)
            start = base + datetime.timedelta(hours=3 * k)
            bookings.append(
                Booking(
                    territory=territory,
                    item=hall,
                    borrower=resident,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    blocked_until=start + datetime.timedelta(hours=2),
                    status=BookingStatus.APPROVED,
                )
            )
        Booking.objects.bulk_create(bookings)

    return add


def _pages(resident):
    token = calendars.feed_token(resident, FEED_PURPOSE)
    return [
        (None, "/pret/"),
        (None, "/pret/?kind=room&page=2"),
        (None, "/pret/salle/"),
        (None, "/pret/salle/calendrier.ics"),
        (None, f"/pret/agenda-prive/{token}/prets.ics"),
        ("resident", "/pret/?kind=object"),
        ("resident", "/pret/salle/"),
        ("resident", "/pret/mes-prets/"),
        ("referent", "/accueil/pret/"),
        ("referent", "/accueil/"),
        ("resident", "/"),
    ]


@pytest.mark.parametrize("index", range(11))
def test_the_lending_pages_run_the_same_queries_with_few_or_many_items_and_bookings(
    client_for, resident, referent, add_rows, index
):
    who, path = _pages(resident)[index]
    client = client_for({"resident": resident, "referent": referent}.get(who))
    assert_constant_queries(lambda: client.get(path), add_rows, small=4, large=120)


def test_the_availability_check_runs_the_same_queries_whatever_the_bookings(hall, resident, add_rows):
    def check():
        services.slot_errors(hall, at(3, 10), at(3, 12), by=resident)
        services._held(hall, at(3, 10), at(3, 12)).exists()
        services.next_free_slot(hall, at(3, 10), at(3, 12))

    add_rows(4)
    few, _ = count_queries(check)
    add_rows(200)
    many, _ = count_queries(check)
    assert few == many <= 3
