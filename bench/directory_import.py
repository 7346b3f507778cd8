"""Benchmark: importing a data·inclusion structures file then its services file, and undoing them.

Prints the time and the number of SQL queries of each step. Run:
    ENTRAIDE_VAR_DIR=/tmp/bench_directory_import .venv/bin/python bench/directory_import.py
It uses its own throw-away SQLite database under ENTRAIDE_VAR_DIR (or DATABASE_URL).
"""

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


def timed(label: str, step):
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        result = step()
        elapsed = time.perf_counter() - start
    print(f"  {label:<40} {elapsed * 1000:9.0f} ms {count[0]:6} queries")
    return result


def main() -> int:
    call_command("migrate", verbosity=0)
    call_command("demo", "--quiet-logins", verbosity=0)
    from entraide.directory import imports
    from entraide.territories.models import Territory

    territory = Territory.objects.get(slug="demo")
    commune = territory.communes.first()
    for n in (100, 1000):
        structures = [
            {
                "source": "bench",
                "id": f"bench-{n}-{i}",
                "nom": f"Structure fictive {n}-{i}",
                "description": "Une structure fictive pour mesurer l'import.",
                "code_insee": commune.insee_code,
                "commune": commune.name,
            }
            for i in range(n)
        ]
        services = [
            {
                "source": "bench",
                "structure_id": f"bench-{n}-{i // 2}",
                "id": f"bench-{n}-{i}-s",
                "nom": f"Service fictif {i}",
                "description": "Un service fictif.",
                "type": "aide-materielle",
                "thematiques": ["equipement-et-alimentation--alimentation"],
            }
            for i in range(min(2 * n, imports.MAX_ROWS))
        ]
        print(f"{n} structures, {len(services)} services:")
        batches = []
        for name, rows in (("structures.json", structures), ("services.json", services)):
            raw = json.dumps(rows).encode()
            batch = timed(
                f"import {name} ({len(raw) // 1024} KB)",
                lambda name=name, raw=raw: imports.import_file(
                    territory=territory, user=None, filename=name, raw=raw
                ),
            )
            print(f"    {batch.created_count} created")
            batches.append(batch)
        for batch in reversed(batches):
            timed(f"undo {batch.filename}", lambda batch=batch: imports.undo(batch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
