"""Board benchmark: a territory with 100,000 posts; server time of the filtered board page and the poster.

    .venv/bin/python bench/board_bench.py --migrate                      # SQLite under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entraide_bench \\
        .venv/bin/python bench/board_bench.py --migrate --posts 100000 --runs 30

Fills (once) a territory of 3 communes, 9 neighbourhoods, 300 residents and `--posts` posts
spread over categories, kinds, statuses and 2 years; then requests each page `--runs` times
through Django's test client (the whole server side: middleware, queries, templates, PDF)
and prints the median and 95th percentile, with the number of SQL queries.
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

from entraide.board.enums import PostKind, PostStatus, When  # noqa: E402
from entraide.board.models import REFERENCE_ALPHABET, Post  # noqa: E402
from entraide.categories.defaults import ensure_default_categories  # noqa: E402
from entraide.categories.models import Category  # noqa: E402
from entraide.core.search import normalize  # noqa: E402
from entraide.people.models import User  # noqa: E402
from entraide.territories.models import Commune, Neighbourhood, Territory  # noqa: E402

SLUG = "bench-board"
HOST = "bench-board.invalid"
WORDS = [
    "courses",
    "velo",
    "jardin",
    "trajet",
    "marche",
    "pharmacie",
    "bricolage",
    "etagere",
    "ordinateur",
    "devoirs",
    "anglais",
    "repas",
    "visite",
]


def prepare(count: int) -> Territory:
    territory, _ = Territory.objects.get_or_create(
        slug=SLUG,
        defaults={"name": "Banc d'essai du tableau", "contact_phone": "05 00 00 00 00"},
    )
    territory.hosts.get_or_create(name=HOST)
    ensure_default_categories(territory)
    communes = []
    for index, name in enumerate(["Banc-Nord", "Banc-Centre", "Banc-Sud"]):
        commune, _ = Commune.objects.get_or_create(
            insee_code=f"9990{index}", defaults={"territory": territory, "name": name}
        )
        communes.append(commune)
        for part in ("Bourg", "Gare", "Hameau"):
            if not commune.neighbourhoods.filter(name=part).exists():
                Neighbourhood.objects.create(commune=commune, name=part)
    neighbourhoods = list(Neighbourhood.objects.in_territory(territory))
    if User.objects.in_territory(territory).count() < 300:
        rng = random.Random(1)
        User.objects.bulk_create(
            User(
                territory=territory,
                email=f"banc.tableau{i}@bench.invalid",
                display_name=f"Habitant {i}",
                commune=(n := rng.choice(neighbourhoods)).commune,
                neighbourhood=n,
            )
            for i in range(300)
        )
    people = list(User.objects.in_territory(territory).values_list("pk", "commune_id", "neighbourhood_id"))
    categories = list(Category.objects.in_territory(territory))
    have = Post.objects.in_territory(territory).count()
    rng = random.Random(have)
    now = timezone.now()
    batch = []
    started = time.monotonic()
    for index in range(have, count):
        author, commune_id, neighbourhood_id = rng.choice(people)
        category = rng.choice(categories)
        created = now - datetime.timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        recent = now - created < datetime.timedelta(days=28)
        status = (
            rng.choice([PostStatus.OPEN, PostStatus.OPEN, PostStatus.IN_PROGRESS])
            if recent
            else rng.choice([PostStatus.DONE, PostStatus.EXPIRED, PostStatus.WITHDRAWN])
        )
        kind = rng.choice([PostKind.REQUEST, PostKind.OFFER])
        title = f"{rng.choice(WORDS).capitalize()} et {rng.choice(WORDS)} {index}"
        reference = (
            "B-" + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(6)) + f"{index:x}"[-2:].upper()
        )
        batch.append(
            Post(
                reference=reference[:12],
                territory=territory,
                kind=kind,
                title=title,
                body="Quelques lignes pour le banc d'essai.",
                category=category,
                commune_id=commune_id,
                neighbourhood_id=neighbourhood_id,
                when=When.FLEXIBLE,
                urgent=kind == PostKind.REQUEST and rng.random() < 0.05,
                status=status,
                author_id=author,
                created_at=created,
                expires_at=created + datetime.timedelta(days=28),
                search_text=normalize(reference, title, category.name),
            )
        )
        if len(batch) == 5000:
            Post.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
            print(f"  {index + 1} posts ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    if batch:
        Post.objects.bulk_create(batch, ignore_conflicts=True)
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    args = parser.parse_args()
    if args.migrate:
        call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    settings.DEBUG = False
    territory = prepare(args.posts)
    total = Post.objects.in_territory(territory).count()
    public = Post.objects.in_territory(territory).public().count()
    client = Client(HTTP_HOST=HOST)
    category = Category.objects.in_territory(territory).get(slug="transport")
    print(
        f"Board benchmark · {connection.vendor} · {total} posts "
        f"({public} on the public board) · {args.runs} runs"
    )
    pages = [
        ("board, no filter", "/tableau/"),
        (
            "board, request + category + commune",
            f"/tableau/?kind=request&category={category.slug}&commune=99901",
        ),
        ("board, urgent only", "/tableau/?urgent=on"),
        ("board, search 'velo'", "/tableau/?q=velo"),
        ("board, page 5 of a search", "/tableau/?q=jardin&page=5"),
        ("poster, commune (PDF, 60 cards)", "/tableau/affiche.pdf?commune=99901"),
        ("poster, category + commune (PDF)", f"/tableau/affiche.pdf?category={category.slug}&commune=99901"),
        ("Atom feed", "/tableau/flux.atom"),
    ]
    print(f"{'page':<40} {'median ms':>10} {'p95 ms':>10} {'queries':>8} {'KB':>8}")
    for label, path in pages:
        median, p95, queries, size = measure(client, path, args.runs)
        print(f"{label:<40} {median:>10.1f} {p95:>10.1f} {queries:>8} {size / 1024:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
