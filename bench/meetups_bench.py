"""Meetups benchmark: /rencontres/, a meetup's page and the calendars with 10 meetups and with 10,000.

    .venv/bin/python bench/meetups_bench.py --migrate                    # SQLite under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entraide_bench \\
        .venv/bin/python bench/meetups_bench.py --migrate --runs 20

Fills (once) two territories: a small one with `--small` meetups and a large one with `--large`
meetups (a third weekly, a third monthly, a third once, each with its dates for three months back
and a year ahead, as `services.sync_occurrences` makes them) and `--registrations` registrations
spread over their dates by 2,000 residents. Then requests each page `--runs` times through Django's
test client (the whole server side: middleware, queries, templates, iCalendar) and prints the
median and 95th percentile for both sizes, with the number of SQL queries and the size. The page
cache is off (as outside production), so each feed is built anew: the figures are the worst case
(in production a calendar application polling an unchanged feed gets the kept copy or a 304).

    .venv/bin/python bench/meetups_bench.py --only ics    # only the paths whose label holds "ics"
"""

import argparse
import datetime
import os
import random
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

from entraide.core import calendars  # noqa: E402
from entraide.meetups.defaults import ensure_default_kinds  # noqa: E402
from entraide.meetups.enums import MeetupStatus, RegistrationStatus  # noqa: E402
from entraide.meetups.models import Meetup, MeetupKind, Occurrence, Registration  # noqa: E402
from entraide.people.models import User  # noqa: E402
from entraide.territories.models import Commune, Territory  # noqa: E402

PEOPLE = 2000
BATCH = 5000


def _rule_and_starts(rng: random.Random, index: int, now: datetime.datetime):
    zone = calendars.local_zone()
    day = (now - calendars.PAST).date() + datetime.timedelta(days=rng.randrange(0, 400))
    start = datetime.datetime.combine(day, datetime.time(rng.choice([9, 10, 14, 18]), 30), tzinfo=zone)
    kind = index % 3
    if kind == 0:
        rule = "FREQ=WEEKLY;BYDAY=" + ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][start.weekday()]
    elif kind == 1:
        rank = min((start.day - 1) // 7 + 1, 4)
        rule = f"FREQ=MONTHLY;BYDAY={rank}" + ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][start.weekday()]
    else:
        rule = ""
    starts = (
        calendars.expand(start, rule, after=now - calendars.PAST, before=now + calendars.AHEAD)
        if rule
        else [start]
    )
    return start, rule, starts


def prepare(slug: str, host: str, count: int, registrations: int) -> Territory:
    territory, _ = Territory.objects.get_or_create(slug=slug, defaults={"name": f"Banc d'essai {slug}"})
    territory.hosts.get_or_create(name=host)
    ensure_default_kinds(territory)
    communes = []
    for index, name in enumerate(["Nord", "Centre", "Sud"]):
        commune, _ = Commune.objects.get_or_create(
            insee_code=f"998{1 if count <= 100 else 2}{index}",
            defaults={"territory": territory, "name": f"{slug} {name}"},
        )
        communes.append(commune)
    if not User.objects.in_territory(territory).exists():
        User.objects.bulk_create(
            User(
                territory=territory,
                email=f"{slug}.{i}@bench.invalid",
                display_name=f"Habitant {i}",
                commune=communes[i % 3],
            )
            for i in range(PEOPLE if count > 100 else 20)
        )
    if Meetup.objects.in_territory(territory).exists():
        return territory
    people = list(User.objects.in_territory(territory).values_list("pk", flat=True))
    kinds = list(MeetupKind.objects.in_territory(territory))
    rng = random.Random(count)
    now = timezone.now()
    started = time.monotonic()
    occurrences: list[Occurrence] = []
    for first in range(0, count, 1000):
        meetups, dates = [], []
        for index in range(first, min(first + 1000, count)):
            start, rule, starts = _rule_and_starts(rng, index, now)
            meetups.append(
                Meetup(
                    territory=territory,
                    slug=f"rencontre-{index}",
                    kind=kinds[index % len(kinds)],
                    title=f"Rencontre {index}",
                    commune=communes[index % 3],
                    address="Salle des fêtes",
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    rrule=rule,
                    last_starts_at=None if rule else start,
                    status=MeetupStatus.PUBLISHED if index % 20 else MeetupStatus.PROPOSED,
                    proposed_by_id=people[index % len(people)],
                    registration_required=index % 2 == 0,
                    capacity=30 if index % 2 == 0 else None,
                    published_at=now,
                )
            )
            dates.append(starts)
        Meetup.objects.bulk_create(meetups)
        for meetup, starts in zip(meetups, dates, strict=True):
            occurrences += [
                Occurrence(
                    territory=territory,
                    meetup=meetup,
                    starts_at=moment,
                    ends_at=moment + datetime.timedelta(hours=2),
                )
                for moment in starts
            ]
        Occurrence.objects.bulk_create(occurrences, batch_size=BATCH)
        occurrences = []
        print(f"  {first + len(meetups)} meetups ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    open_dates = list(
        Occurrence.objects.in_territory(territory)
        .filter(meetup__registration_required=True)
        .values_list("pk", flat=True)
    )
    batch, seen = [], set()
    while len(seen) < min(registrations, len(open_dates) * len(people) // 2):
        key = (rng.choice(open_dates), rng.choice(people))
        if key in seen:
            continue
        seen.add(key)
        batch.append(
            Registration(
                occurrence_id=key[0],
                person_id=key[1],
                status=RegistrationStatus.CONFIRMED,
                created_at=now,
                updated_at=now,
            )
        )
        if len(batch) == BATCH:
            Registration.objects.bulk_create(batch)
            batch = []
    Registration.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give after a bulk load
    return territory


def measure(client: Client, path: str, runs: int) -> tuple[float, float, int, int]:
    client.get(path)  # warm
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(queries), len(response.content)


def pages(territory: Territory) -> list[tuple[str, str]]:
    commune = Commune.objects.in_territory(territory).order_by("insee_code").first()
    busiest = (
        Meetup.objects.in_territory(territory)
        .published()
        .exclude(rrule="")
        .order_by("pk")
        .values_list("slug", flat=True)
        .first()
    )
    week = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    return [
        ("/rencontres/ (this week)", "/rencontres/"),
        (
            "/rencontres/ in 2 weeks, commune + kind",
            f"/rencontres/?semaine={week}&commune={commune.insee_code}&type=atelier",
        ),
        ("/rencontres/ page 5 of a week", f"/rencontres/?semaine={week}&page=5"),
        ("/rencontres/mois/", "/rencontres/mois/"),
        ("a repeating meetup's page", f"/rencontres/{busiest}/"),
        ("territory feed (.ics)", "/rencontres/calendrier.ics"),
        ("feed of one kind (.ics)", "/rencontres/calendrier.ics?type=atelier"),
        ("feed of one commune (.ics)", f"/rencontres/calendrier.ics?commune={commune.insee_code}"),
        ("one meetup (.ics)", f"/rencontres/{busiest}/rencontre.ics"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    parser.add_argument("--only", default="", help="measure only the pages whose label holds this")
    args = parser.parse_args()
    if args.migrate:
        call_command("migrate", verbosity=0)
    settings.DEBUG = False
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0  # every request builds its page: the worst case
    sizes = [
        ("bench-meetups-small", "bench-meetups-small.invalid", args.small, args.small * 10),
        ("bench-meetups-large", "bench-meetups-large.invalid", args.large, args.registrations),
    ]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *(host for _slug, host, _n, _r in sizes)]
    results = {}
    for slug, host, count, registrations in sizes:
        territory = prepare(slug, host, count, registrations)
        totals = (
            Meetup.objects.in_territory(territory).count(),
            Occurrence.objects.in_territory(territory).count(),
            Registration.objects.in_territory(territory).count(),
        )
        print(f"{slug}: {totals[0]} meetups, {totals[1]} dates, {totals[2]} registrations")
        client = Client(HTTP_HOST=host)
        results[slug] = [
            (label, measure(client, path, args.runs))
            for label, path in pages(territory)
            if args.only in label
        ]
    print(f"\nMeetups benchmark · {connection.vendor} · {args.runs} runs · median (p95) ms, queries, KB")
    small, large = (results[slug] for slug, *_ in sizes)
    print(f"{'page':<42} {'with ' + str(args.small):>24} {'with ' + str(args.large):>24}")
    for (label, a), (_label, b) in zip(small, large, strict=True):
        cells = [f"{m:.1f} ({p:.1f}) {q}q {s / 1024:.0f}KB" for m, p, q, s in (a, b)]
        print(f"{label:<42} {cells[0]:>24} {cells[1]:>24}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
