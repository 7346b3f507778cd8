"""Benchmark: importing national-scale data·inclusion files (structures, then services), and undoing them.

Prints rows per second and the number of SQL queries of each step. Run on SQLite and PostgreSQL:
    .venv/bin/python bench/directory_import_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entraide_bench \\
        .venv/bin/python bench/directory_import_bench.py
It uses a throw-away SQLite database under ENTRAIDE_VAR_DIR (or the DATABASE_URL database, migrated),
with a territory of its own (twenty communes, one theme): it needs neither the demo nor any other app's
data. `--rows 10000` by default; the aim is 10,000 rows in under 30 s. Queries per row are printed too:
they do not depend on the machine's load (timings do: it is shared).
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")
os.environ.setdefault("ENTRAIDE_VAR_DIR", str(Path(tempfile.gettempdir()) / "bench_directory_import"))
Path(os.environ["ENTRAIDE_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
db = Path(os.environ["ENTRAIDE_VAR_DIR"]) / "entraide.sqlite3"
if "DATABASE_URL" not in os.environ and db.exists():
    db.unlink()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def timed(label: str, rows: int, step):
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        result = step()
        elapsed = time.perf_counter() - start
    per_row = count[0] / rows if rows else 0
    print(
        f"  {label:<44} {elapsed:7.2f} s {rows / elapsed:9.0f} rows/s "
        f"{count[0]:6} queries ({per_row:.3f} a row)"
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true", help="where the structures import spends its time")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from entraide.categories.models import Category
    from entraide.directory import imports
    from entraide.directory.models import ImportBatch, Initiative
    from entraide.territories.models import Commune, Territory

    territory, _created = Territory.objects.get_or_create(slug="bench-import", defaults={"name": "Banc"})
    communes = [
        Commune.objects.get_or_create(
            insee_code=f"8199{i:01d}" if i < 10 else f"819{i:02d}",
            defaults={"territory": territory, "name": f"Commune fictive {i}", "postal_codes": "81800"},
        )[0]
        for i in range(20)
    ]
    Category.objects.get_or_create(
        territory=territory,
        slug="alimentation",
        defaults={"name": "Alimentation", "di_thematiques": ["equipement-et-alimentation--alimentation"]},
    )
    Initiative.objects.filter(territory=territory).delete()
    n = args.rows
    outside = n // 10  # a national file: some rows belong elsewhere
    structures = [
        {
            "source": "bench",
            "id": f"bench--{i}",
            "nom": f"Structure fictive {i}",
            "description": "Une structure fictive pour mesurer l’import à l’échelle nationale.",
            "date_maj": "2025-11-03",
            "siret": "12345678900012",
            "telephone": "05 63 00 00 01",
            "courriel": f"s{i}@bench.example.org",
            "site_web": "https://bench.example.org/",
            "horaires_accueil": "Mo-Fr 09:00-12:00",
            "reseaux_porteurs": ["ccas-cias"],
            "adresse": f"{i} rue du Banc",
            "complement_adresse": "Bâtiment B",
            "code_postal": "81800",
            "code_insee": "99999" if i < outside else communes[i % len(communes)].insee_code,
            "commune": "Ailleurs" if i < outside else communes[i % len(communes)].name,
            "latitude": 43.81731234567891,
            "longitude": 1.73295876543212,
        }
        for i in range(n)
    ]
    services = [
        {
            "source": "bench",
            "structure_id": f"bench--{outside + i % (n - outside)}",
            "id": f"bench--{i}--s",
            "nom": f"Service fictif {i}",
            "description": "Un service fictif.",
            "date_maj": "2025-11-03",
            "type": "aide-materielle",
            "thematiques": ["equipement-et-alimentation--alimentation"],
            "publics": ["familles"],
            "frais": "gratuit",
        }
        for i in range(n)
    ]
    print(f"{connection.vendor}: {n} structures ({outside} outside the territory), then {n} services")
    batches = []
    for name, rows in (("structures.json", structures), ("services.json", services)):
        raw = json.dumps(rows).encode()

        def step(name=name, raw=raw):
            return imports.import_file(territory=territory, user=None, filename=name, raw=raw)

        if args.profile and name == "structures.json":
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            batch = profiler.runcall(step)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            batches.append(batch)
            continue
        batch = timed(f"import {name} ({len(raw) // 1024} KB)", len(rows), step)
        print(f"    {batch.counts}")
        batches.append(batch)
    # The same files again: nothing changes, nothing is proposed twice.
    for name, rows in (("structures.json", structures), ("services.json", services)):
        raw = json.dumps(rows).encode()
        batch = timed(
            f"import {name} again (unchanged)",
            len(rows),
            lambda name=name, raw=raw: imports.import_file(
                territory=territory, user=None, filename=name, raw=raw
            ),
        )
        print(f"    {batch.counts}")
        batches.append(batch)
    # Our own CSV export of what was imported (what a referent edits in a spreadsheet), imported back.
    from entraide.core import csv as core_csv
    from entraide.directory import exports

    raw = core_csv.to_text(exports.CSV_COLUMNS, exports.csv_rows(exports.published(territory))).encode()
    batch = timed(
        f"import our CSV export again ({len(raw) // 1024} KB)",
        n - outside,
        lambda: imports.import_file(territory=territory, user=None, filename="annuaire.csv", raw=raw),
    )
    print(f"    {batch.counts}")
    batches.append(batch)
    for batch in reversed(batches[:2]):
        timed(f"undo {batch.filename}", batch.created_count, lambda batch=batch: imports.undo(batch))
    ImportBatch.objects.filter(pk__in=[b.pk for b in batches]).delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
