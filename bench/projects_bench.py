"""Micro-initiatives benchmark: the public pages, the review list and the money summary with a few
projects and with many.

    DATABASE_URL=sqlite:///var/projects_bench.sqlite3 .venv/bin/python bench/projects_bench.py --migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entraide_bench \\
        .venv/bin/python bench/projects_bench.py --migrate --runs 20

Fills (once) two territories, one with `--small` projects and one with `--large` (one call per 100
projects, half of them funded with a diary entry and a payment, each with a review; a funding line
per 10 projects), then requests each page `--runs` times through Django's test client and prints
the median and 95th percentile for both sizes. The number of SQL queries of these pages is pinned
by tests/projects/test_scale.py (the same with 5 and 500 projects).
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
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from entraide.people.enums import RoleKind  # noqa: E402
from entraide.people.models import Role, User  # noqa: E402
from entraide.projects.enums import ProjectStatus  # noqa: E402
from entraide.projects.models import Call, DiaryEntry, FundingLine, Payment, Project, Review  # noqa: E402
from entraide.territories.models import Commune, Territory  # noqa: E402


def prepare(slug: str, host: str, count: int) -> tuple[Territory, User]:
    territory, _ = Territory.objects.get_or_create(slug=slug, defaults={"name": f"Banc d'essai {slug}"})
    territory.hosts.get_or_create(name=host)
    commune, _ = Commune.objects.get_or_create(
        insee_code=f"997{1 if count <= 100 else 2}0", defaults={"territory": territory, "name": f"{slug}"}
    )
    referent = User.objects.filter(email=f"referent@{host}").first()
    if referent is None:
        referent = User.objects.create_user(
            email=f"referent@{host}",
            password=None,
            territory=territory,
            display_name="Référente",
            commune=commune,
        )
        Role.objects.create(user=referent, territory=territory, kind=RoleKind.REFERENT, commune=commune)
    if Project.objects.in_territory(territory).count() >= count:
        return territory, referent
    people = [
        User(email=f"p{i}@{host}", territory=territory, display_name=f"Personne {i}", commune=commune)
        for i in range(50)
    ]
    User.objects.bulk_create(people, ignore_conflicts=True)
    people = list(User.objects.filter(email__endswith=f"@{host}").exclude(pk=referent.pk))
    today = timezone.localdate()
    calls = [
        Call(
            territory=territory,
            slug=f"appel-{n}",
            title=f"Appel {n}",
            envelope=10_000_000,
            max_per_project=500,
            opens_on=today - datetime.timedelta(days=30),
            closes_on=today + datetime.timedelta(days=30),
            funded="…",
        )
        for n in range(max(count // 100, 1))
    ]
    Call.objects.bulk_create(calls)
    calls = list(Call.objects.in_territory(territory))
    projects = []
    for i in range(count):
        granted = i % 2 == 0
        projects.append(
            Project(
                territory=territory,
                call=calls[i % len(calls)],
                slug=f"projet-{i}",
                status=ProjectStatus.ACCEPTED if granted else ProjectStatus.SUBMITTED,
                title=f"Projet {i}",
                description="…",
                commune=commune,
                when="bientôt",
                amount_asked=300,
                mutual_aid="…",
                contact="…",
                applicant=people[i % len(people)],
                granted_amount=300 if granted else None,
                statement="Oui" if granted else "",
                decided_at=timezone.now() if granted else None,
                submitted_at=timezone.now(),
            )
        )
    Project.objects.bulk_create(projects, batch_size=2000)
    created = list(Project.objects.in_territory(territory))
    Review.objects.bulk_create([Review(project=p, reviewer=referent, comment="Bien") for p in created])
    funded = [p for p in created if p.status == ProjectStatus.ACCEPTED]
    DiaryEntry.objects.bulk_create(
        [DiaryEntry(project=p, milestone="Étape", percent_done=50) for p in funded]
    )
    Payment.objects.bulk_create([Payment(project=p, paid_on=today, amount=100) for p in funded])
    FundingLine.objects.bulk_create(
        [
            FundingLine(
                territory=territory,
                funder_kind="caf",
                funder=f"Financeur {i}",
                amount_asked=1000,
                amount_obtained=800,
                answered_on=today,
                status="obtained",
            )
            for i in range(max(count // 10, 1))
        ]
    )
    return territory, referent


def measure(client: Client, path: str, runs: int) -> tuple[float, float, int]:
    assert client.get(path).status_code == 200, path  # warm the caches (sessions, content types)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(int(len(times) * 0.95) - 1, 0)], len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", type=int, default=5)
    parser.add_argument("--large", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--migrate", action="store_true")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    if args.migrate:
        call_command("migrate", verbosity=0)
    print(f"{'page':32} {'size':>6} {'projects':>8} {'median ms':>10} {'p95 ms':>8} {'bytes':>9}")
    for label, count in (("small", args.small), ("large", args.large)):
        host = f"projets-{label}.bench.invalid"
        territory, referent = prepare(f"projets-{label}", host, count)
        public, desk = Client(HTTP_HOST=host), Client(HTTP_HOST=host)
        desk.force_login(referent)
        call = Call.objects.in_territory(territory).order_by("pk").first()
        funded = Project.objects.in_territory(territory).granted().order_by("pk").first()
        year = timezone.localdate().year
        for name, client, path in (
            ("/projets/", public, "/projets/"),
            ("a call and its results", public, call.get_absolute_url()),
            ("a funded project", public, funded.get_absolute_url()),
            ("review list of a call", desk, f"/accueil/projets/appels/{call.slug}/"),
            ("a project's review page", desk, f"/accueil/projets/candidatures/{funded.public_id}/"),
            ("funding lines", desk, "/accueil/projets/financements/"),
            ("yearly summary (page)", desk, f"/accueil/projets/bilan/?annee={year}"),
        ):
            median, p95, size = measure(client, path, args.runs)
            print(f"{name:32} {label:>6} {count:>8} {median:>10.1f} {p95:>8.1f} {size:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
