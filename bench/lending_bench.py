"""Lending benchmark: the catalogue, an item's page and calendar, and the availability check with
10 items / 2,000 bookings and with 1,000 items / 200,000 bookings.

    .venv/bin/python bench/lending_bench.py --migrate                    # SQLite under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entraide_bench \\
        .venv/bin/python bench/lending_bench.py --migrate --runs 20

Fills (once, with bulk_create) two territories; each item gets its share of the bookings, spread
from a year back to a year ahead without overlapping (held, returned, refused). The busiest item
is the one measured. Pages go through Django's test client (middleware, queries, templates,
iCalendar); the availability check is `services.slot_errors` + the overlap query +
`services.next_free_slot`, what a request runs before it writes. Prints the median and 95th
percentile in milliseconds, with the number of SQL queries; the two sizes are timed
alternately, so that the load of a shared machine weighs on both alike.
"""

import argparse
import datetime
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from entraide.lending import services  # noqa: E402
from entraide.lending.enums import BookingStatus, ItemKind, OwnerKind  # noqa: E402
from entraide.lending.models import Booking, Item  # noqa: E402
from entraide.people.models import User  # noqa: E402
from entraide.territories.models import Commune, Territory  # noqa: E402

PEOPLE = 500
BATCH = 5000
STATUSES = [BookingStatus.RETURNED, BookingStatus.APPROVED, BookingStatus.REFUSED, BookingStatus.CANCELLED]


def prepare(slug: str, host: str, items: int, bookings: int) -> Territory:
    territory, _ = Territory.objects.get_or_create(slug=slug, defaults={"name": f"Banc d'essai {slug}"})
    territory.hosts.get_or_create(name=host)
    communes = [
        Commune.objects.get_or_create(
            insee_code=f"997{1 if items <= 100 else 2}{i}",
            defaults={"territory": territory, "name": f"{slug} {i}"},
        )[0]
        for i in range(3)
    ]
    if not User.objects.in_territory(territory).exists():
        User.objects.bulk_create(
            User(
                territory=territory,
                email=f"{slug}.{i}@bench.invalid",
                display_name=f"Habitant {i}",
                commune=communes[i % 3],
            )
            for i in range(PEOPLE)
        )
    if Item.objects.in_territory(territory).exists():
        return territory
    people = list(User.objects.in_territory(territory).values_list("pk", flat=True))
    kinds = ItemKind.values
    Item.objects.bulk_create(
        Item(
            territory=territory,
            slug=f"objet-{i}",
            name=f"Objet {i}",
            kind=kinds[i % 4],
            commune=communes[i % 3],
            owner_kind=OwnerKind.RESIDENT if kinds[i % 4] == ItemKind.OBJECT else OwnerKind.COMMUNE,
            owner_person_id=people[i % len(people)] if kinds[i % 4] == ItemKind.OBJECT else None,
            opens_at=datetime.time(8),
            closes_at=datetime.time(22),
        )
        for i in range(items)
    )
    ids = list(Item.objects.in_territory(territory).order_by("pk").values_list("pk", flat=True))
    per_item = max(bookings // len(ids), 1)
    start0 = timezone.now() - datetime.timedelta(days=365)
    step = datetime.timedelta(days=730) / per_item
    started, batch, made = time.monotonic(), [], 0
    for item_id in ids:
        for j in range(per_item):
            start = start0 + step * j
            end = start + min(step / 2, datetime.timedelta(hours=6))
            batch.append(
                Booking(
                    territory=territory,
                    item_id=item_id,
                    borrower_id=people[(item_id + j) % len(people)],
                    starts_at=start,
                    ends_at=end,
                    blocked_until=end,
                    status=STATUSES[j % 4],
                    refusal_reason="Déjà prêté" if STATUSES[j % 4] == BookingStatus.REFUSED else "",
                )
            )
            if len(batch) == BATCH:
                Booking.objects.bulk_create(batch)
                made += len(batch)
                batch = []
                print(f"  {made} bookings ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    Booking.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return territory


def timed_together(small, large, runs: int) -> list[tuple[float, float, int]]:
    """Time two runs alternately (small, large, small, …), so that the load of a shared machine
    weighs on both alike; the median and 95th percentile of each, with its number of queries."""
    times, counts = ([], []), [0, 0]
    for run in (small, large):
        run()  # warm
    for _ in range(runs):
        for index, run in enumerate((small, large)):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                run()
                times[index].append((time.perf_counter() - start) * 1000)
            counts[index] = len(queries)
    results = []
    for index in (0, 1):
        values = sorted(times[index])
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        results.append((statistics.median(values), p95, counts[index]))
    return results


def measure_all(territory: Territory, host: str) -> list:
    client = Client(HTTP_HOST=host)
    item = Item.objects.in_territory(territory).filter(kind=ItemKind.ROOM).order_by("pk").first()
    person = User.objects.in_territory(territory).first()
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    end = start + datetime.timedelta(hours=3)

    def get(path):
        def run():
            assert client.get(path).status_code == 200, path

        return run

    def check():
        services.slot_errors(item, start, end, by=person)
        services._held(item, start, end).exists()
        services.next_free_slot(item, start, end)

    return [
        ("/pret/ (catalogue)", get("/pret/")),
        ("/pret/?kind=room page 2", get("/pret/?kind=room&page=2")),
        ("an item's page", get(item.get_absolute_url())),
        ("an item's calendar (.ics)", get(f"/pret/{item.slug}/calendrier.ics")),
        ("availability check", check),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=1000)
    parser.add_argument("--bookings", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    args = parser.parse_args()
    if args.migrate:
        call_command("migrate", verbosity=0)
    settings.DEBUG = False
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    sizes = [
        ("bench-lending-small", "bench-lending-small.invalid", args.small, args.small * 200),
        ("bench-lending-large", "bench-lending-large.invalid", args.large, args.bookings),
    ]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *(host for _s, host, _i, _b in sizes)]
    results = {}
    for slug, host, items, bookings in sizes:
        territory = prepare(slug, host, items, bookings)
        print(
            f"{slug}: {Item.objects.in_territory(territory).count()} items, "
            f"{Booking.objects.in_territory(territory).count()} bookings"
        )
        results[slug] = measure_all(territory, host)
    print(f"\nLending benchmark · {connection.vendor} · {args.runs} runs · median (p95) ms, queries")
    small, large = (results[slug] for slug, *_ in sizes)
    print(f"{'what':<32} {'small':>22} {'large':>22}")
    for (label, run_small), (_label, run_large) in zip(small, large, strict=True):
        cells = [f"{m:.1f} ({p:.1f}) {q}q" for m, p, q in timed_together(run_small, run_large, args.runs)]
        print(f"{label:<32} {cells[0]:>22} {cells[1]:>22}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
