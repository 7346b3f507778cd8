"""Evaluation benchmark: /evaluation/ and the yearly PDF for a year of a whole intercommunality.

    .venv/bin/python bench/evaluation_bench.py --migrate                  # SQLite under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entraide_bench \\
        .venv/bin/python bench/evaluation_bench.py --migrate --runs 10

Fills (once) a territory of 76,000 inhabitants in 24 communes with a million recorded events over
the last twelve months: 720,000 helps recorded on the board, 250,000 one-click feedback answers
and 30,000 questionnaires in two waves (bulk_create in batches, a couple of minutes on SQLite).
Then requests /evaluation/ once computed live (every figure aggregated from the million rows on
the request), stores the figures as `entraide evaluation refresh` does (hourly and nightly in
production) and requests /evaluation/ (the whole territory, and one commune), the yearly report
PDF and the open data CSV through Django's test client, printing the median and 95th percentile,
with the number of SQL queries. The issue's target for /evaluation/ is under 300 ms; the PDF under 10 s.
Nothing is asserted: the figures depend on the machine and its load.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from entraide.board.models import Exchange  # noqa: E402
from entraide.evaluation import store  # noqa: E402
from entraide.evaluation.models import Feedback, SurveyAnswer, wave_of  # noqa: E402
from entraide.people.enums import AgeBracket  # noqa: E402
from entraide.people.models import User  # noqa: E402
from entraide.territories.models import Commune, Territory  # noqa: E402

SLUG, HOST = "bench-evaluation", "bench-evaluation.invalid"
INHABITANTS = 76_000
COMMUNES = 24
BATCH = 10_000


def _batches(make, total: int, label: str) -> None:
    started = time.monotonic()
    for first in range(0, total, BATCH):
        with transaction.atomic():
            make(min(BATCH, total - first))
    print(f"  {total:>9,} {label} in {time.monotonic() - started:.0f} s", flush=True)


def prepare(exchanges: int, feedback: int, answers: int) -> Territory:
    territory, _ = Territory.objects.get_or_create(
        slug=SLUG, defaults={"name": "Banc d'essai de l'évaluation"}
    )
    territory.hosts.get_or_create(name=HOST)
    communes = [
        Commune.objects.get_or_create(
            insee_code=f"997{index:02d}", defaults={"territory": territory, "name": f"Commune {index}"}
        )[0]
        for index in range(COMMUNES)
    ]
    if Exchange.objects.in_territory(territory).exists():
        return territory
    print("Filling the benchmark territory…", flush=True)
    rng = random.Random(76)
    ages = AgeBracket.values
    made = iter(range(INHABITANTS))

    def people(n):
        User.objects.bulk_create(
            User(
                territory=territory,
                email=f"{SLUG}.{i}@bench.invalid",
                display_name=f"Habitant {i}",
                commune=communes[i % COMMUNES],
                age_bracket=rng.choice([*ages, ""]),
            )
            for i in (next(made) for _ in range(n))
        )

    _batches(people, INHABITANTS, "inhabitants")
    ids = list(User.objects.in_territory(territory).values_list("pk", "commune_id"))
    today = timezone.localdate()

    def help_(n):
        rows = []
        for _ in range(n):
            helper, receiver = rng.sample(ids, 2)
            rows.append(
                Exchange(
                    territory=territory,
                    helper_id=helper[0],
                    receiver_id=receiver[0],
                    happened_on=today - datetime.timedelta(days=rng.randrange(365)),
                    duration_minutes=60,
                )
            )
        Exchange.objects.bulk_create(rows)

    _batches(help_, exchanges, "helps on the board")
    zone = timezone.get_current_timezone()

    def answers_(n):
        Feedback.objects.bulk_create(
            Feedback(
                territory=territory,
                person_id=rng.choice(ids)[0],
                kind="exchange",
                subject=uuid.uuid4(),
                did_good=rng.random() < 0.9,
                met_someone_new=rng.random() < 0.3,
                created_at=datetime.datetime.combine(
                    today - datetime.timedelta(days=rng.randrange(365)), datetime.time(18), tzinfo=zone
                ),
            )
            for _ in range(n)
        )

    _batches(answers_, feedback, "feedback answers")
    respondents = iter(rng.sample(ids, answers // 2) * 2)
    waves = iter(
        [wave_of(today)] * (answers // 2) + [wave_of(today - datetime.timedelta(days=183))] * (answers // 2)
    )

    def survey(n):
        rows = []
        for _ in range(n):
            person, commune = next(respondents)
            rows.append(
                SurveyAnswer(
                    territory=territory,
                    wave=next(waves),
                    person_id=person,
                    commune_id=commune,
                    contacts=rng.randrange(5),
                    knows_whom_to_ask=rng.choice(["yes", "no", "unsure"]),
                    trust=rng.choice(["most", "careful"]),
                    loneliness=rng.randrange(1, 6),
                )
            )
        SurveyAnswer.objects.bulk_create(rows)

    _batches(survey, answers, "questionnaires")
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--exchanges", type=int, default=720_000)
    parser.add_argument("--feedback", type=int, default=250_000)
    parser.add_argument("--answers", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    args = parser.parse_args()
    if args.migrate:
        call_command("migrate", verbosity=0)
    settings.DEBUG = False
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0  # every request builds its page: the worst case
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    territory = prepare(args.exchanges, args.feedback, args.answers)
    events = (
        Exchange.objects.in_territory(territory).count()
        + Feedback.objects.in_territory(territory).count()
        + SurveyAnswer.objects.in_territory(territory).count()
    )
    print(
        f"{territory.name}: {User.objects.in_territory(territory).count():,} inhabitants, {events:,} events"
    )
    client = Client(HTTP_HOST=HOST)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/evaluation/")
    print(
        f"/evaluation/ computed live from the million rows: {time.perf_counter() - started:.1f} s, "
        f"{len(queries)} queries (status {response.status_code})",
        flush=True,
    )
    started = time.perf_counter()
    cells = store.refresh(territory, datetime.date(timezone.localdate().year - 4, 1, 1), timezone.localdate())
    print(f"`evaluation refresh --months 60`: {cells} cells stored in {time.perf_counter() - started:.1f} s")
    commune = Commune.objects.in_territory(territory).order_by("insee_code").first()
    year = timezone.localdate().year
    paths = [
        ("/evaluation/ (territory, 12 months)", "/evaluation/", args.runs),
        ("/evaluation/ (one commune)", f"/evaluation/?commune={commune.pk}", args.runs),
        (f"/evaluation/bilan-{year}.pdf", f"/evaluation/bilan-{year}.pdf", max(1, args.runs // 5)),
        ("/evaluation/donnees.csv", "/evaluation/donnees.csv", max(1, args.runs // 5)),
    ]
    print(f"{'page (stored figures)':<40} {'median':>9} {'p95':>9} {'queries':>8} {'bytes':>9}")
    for label, path, runs in paths:
        median, p95, queries, size = measure(client, path, runs)
        print(f"{label:<40} {median:>7.0f}ms {p95:>7.0f}ms {queries:>8} {size:>9,}", flush=True)
    print("Targets: /evaluation/ under 300 ms, the yearly PDF under 10 s (issue 14).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
