"""Benchmark: the directory list, map and exports, and the diagnosis, with 50 and 1000 initiatives.

Prints the time and the number of SQL queries of each page. Run:
    ENTRAIDE_VAR_DIR=/tmp/bench_directory .venv/bin/python bench/directory_list.py
It uses its own throw-away SQLite database under ENTRAIDE_VAR_DIR (or DATABASE_URL).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")
os.environ.setdefault("ENTRAIDE_VAR_DIR", str(Path(tempfile.gettempdir()) / "bench_directory"))
Path(os.environ["ENTRAIDE_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
db = Path(os.environ["ENTRAIDE_VAR_DIR"]) / "entraide.sqlite3"
if "DATABASE_URL" not in os.environ and db.exists():
    db.unlink()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = [
    "/initiatives/",
    "/initiatives/?q=solidaire&theme=courses",
    "/initiatives/carte/",
    "/initiatives/export/structures.json",
    "/initiatives/export/services.json",
    "/initiatives/export.csv",
    "/initiatives/annuaire.pdf?commune=81070",
    "/diagnostic/",
]


def add_initiatives(territory, n: int) -> None:
    from entraide.categories.models import Category
    from entraide.directory.models import Initiative, Service
    from entraide.directory.services import refresh_search_text, unique_slug

    communes = list(territory.communes.all())
    categories = list(Category.objects.in_territory(territory))
    for i in range(n):
        commune = communes[i % len(communes)]
        initiative = Initiative.objects.create(
            territory=territory,
            commune=commune,
            name=f"Initiative solidaire fictive {Initiative.objects.count() + 1}",
            slug=unique_slug(territory, f"bench {i} {time.time_ns()}"),
            kind="association",
            description="Une initiative fictive pour mesurer les pages.",
            publication="published",
            has_public_place=i % 3 == 0,
            latitude="43.81" if i % 3 == 0 else None,
            longitude="1.73" if i % 3 == 0 else None,
        )
        initiative.categories.set(categories[i % len(categories) : i % len(categories) + 2])
        Service.objects.create(initiative=initiative, name="Service fictif", description="Un service fictif.")
        refresh_search_text(initiative)


def measure(client: Client) -> None:
    for path in PAGES:
        client.get(path)  # warm up
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - start) * 1000
        size = len(response.content)
        queries = len(ctx.captured_queries)
        kb = size / 1024
        print(f"  {path:<45} {response.status_code} {elapsed:8.1f} ms {queries:4} queries {kb:8.1f} KB")


def main() -> int:
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    call_command("demo", "--quiet-logins", verbosity=0)
    from entraide.territories.models import Territory

    territory = Territory.objects.get(slug="demo")
    client = Client()
    total = 25
    for target in (50, 1000):
        add_initiatives(territory, target - total)
        total = target
        print(f"With about {target} initiatives:")
        measure(client)
    return 0


if __name__ == "__main__":
    sys.exit(main())
