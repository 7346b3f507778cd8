"""Benchmark: importing national-scale data·inclusion files (structures, then services), and undoing them.

Prints rows per second and the number of SQL queries of each step. Run on SQLite and PostgreSQL:
    .venv/bin/python bench/directory_import_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entraide_bench \\
        .venv/bin/python bench/directory_import_bench.py
It uses a throw-away SQLite database under ENTRAIDE_VAR_DIR (or the DATABASE_URL database, migrated
and filled with the demo). `--rows 10000` by default; the aim is 10,000 rows in under 30 s.
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
    print(f"  {label:<44} {elapsed:7.2f} s {rows / elapsed:9.0f} rows/s {count[0]:6} queries")
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from entraide.territories.models import Territory

    if not Territory.objects.filter(slug="demo").exists():
        call_command("demo", "--quiet-logins", verbosity=0)
    from entraide.directory import imports
    from entraide.directory.models import ImportBatch

    territory = Territory.objects.get(slug="demo")
    communes = list(territory.communes.all())
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
        batch = timed(
            f"import {name} ({len(raw) // 1024} KB)",
            len(rows),
            lambda name=name, raw=raw: imports.import_file(
                territory=territory, user=None, filename=name, raw=raw
            ),
        )
        print(f"    {batch.counts}")
        batches.append(batch)
    for batch in reversed(batches):
        timed(f"undo {batch.filename}", batch.created_count, lambda batch=batch: imports.undo(batch))
    ImportBatch.objects.filter(pk__in=[b.pk for b in batches]).delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
