"""`entraide backup` then `entraide restore` into a fresh database gives an identical, working one:
the same rows in every table, the ledger's triggers in place and firing, `entraide timebank check`
passing. Runs on the suite's database, SQLite or PostgreSQL; a fresh PostgreSQL database is created
and dropped by the test, with a name unique to the run."""

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from entraide.core import backups

from .factories import TerritoryFactory

pytestmark = pytest.mark.django_db(transaction=True)


def entraide(*args: str, database_url: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """The `entraide` command in its own process, on the database of `database_url`."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ENTRAIDE_VAR_DIR": str(tmp_path),
        "PYTHONWARNINGS": "ignore",
    }
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "entraide", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@contextmanager
def fresh_database(tmp_path: Path):
    """(DATABASE_URL, DB-API connection factory) of a new, empty database, dropped afterwards."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        return
    import psycopg

    source = connection.settings_dict
    name = f"{source['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(source["USER"] or "") + (
        f":{quote(source['PASSWORD'])}" if source["PASSWORD"] else ""
    )
    address = f"{source['HOST'] or 'localhost'}:{source['PORT'] or 5432}"
    url = f"postgres://{credentials}@{address}/{name}"
    try:
        yield url, lambda: psycopg.connect(url.replace("postgres://", "postgresql://", 1))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def inventory(cursor, vendor: str) -> tuple[dict[str, int], set[str]]:
    """Rows per table and the names of the triggers, read through any DB-API cursor."""
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        tables = [name for (name,) in cursor.fetchall()]
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [name for (name,) in cursor.fetchall()]
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
    triggers = {name for (name,) in cursor.fetchall()}
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts, triggers


def test_a_backup_restored_into_a_fresh_database_is_identical_and_working(tmp_path):
    call_command("demo", "--quiet-logins")
    with connection.cursor() as cursor:
        counts, triggers = inventory(cursor, connection.vendor)
    assert counts["timebank_transfer"] > 10 and counts["board_post"] > 10
    assert {name.split("_")[1] for name in triggers if name.startswith("timebank_")} >= {"entry", "transfer"}

    call_command("backup", str(tmp_path))
    (archive,) = tmp_path.glob("entraide-*.tar")
    assert archive.stat().st_mode & 0o077 == 0, "a backup holds personal data: its owner only"

    with fresh_database(tmp_path) as (url, connect):
        restored = entraide("restore", str(archive), database_url=url, tmp_path=tmp_path)
        assert restored.returncode == 0, restored.stderr
        assert f"{len(counts)} " in restored.stdout

        with closing(connect()) as database, closing(database.cursor()) as cursor:
            assert inventory(cursor, connection.vendor) == (counts, triggers)
            with pytest.raises(Exception, match="never updated"):
                cursor.execute(
                    "UPDATE timebank_entry SET amount_minutes = amount_minutes + 60 "
                    "WHERE id = (SELECT MIN(id) FROM timebank_entry)"
                )
                database.commit()

        checked = entraide("timebank", "check", database_url=url, tmp_path=tmp_path)
        assert checked.returncode == 0, checked.stdout + checked.stderr

        again = entraide("restore", str(archive), database_url=url, tmp_path=tmp_path)
        assert again.returncode != 0
        assert "--force" in again.stderr


def test_it_refuses_a_damaged_backup_before_touching_the_database(tmp_path):
    done = backups.backup(tmp_path / "good.tar")
    TerritoryFactory()
    with connection.cursor() as cursor:
        before = inventory(cursor, connection.vendor)

    damaged = tmp_path / "damaged.tar"
    with tarfile.open(done.path) as source, tarfile.open(damaged, "w") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("database."):
                data = data[:1000] + bytes([data[1000] ^ 1]) + data[1001:]
            target.addfile(member, io.BytesIO(data))
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(done.path.read_bytes()[: done.path.stat().st_size // 2])

    for archive in (damaged, truncated, tmp_path / "missing.tar"):
        with pytest.raises(backups.BackupError):
            backups.restore(archive, force=True)
    with connection.cursor() as cursor:
        assert inventory(cursor, connection.vendor) == before


def test_it_keeps_the_uploaded_files(tmp_path, settings):
    media = tmp_path / "media"
    (media / "logos").mkdir(parents=True)
    (media / "logos" / "mairie.png").write_bytes(b"\x89PNG logo")
    settings.MEDIA_ROOT = str(media)
    done = backups.backup(tmp_path / "with-media.tar")
    assert done.media_files == 1

    settings.MEDIA_ROOT = str(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "already.txt").write_text("here")
    with pytest.raises(backups.BackupError, match="--force"):
        backups.restore(done.path)
    restored = backups.restore(done.path, force=True)
    assert restored.media_files == 1
    assert (tmp_path / "elsewhere" / "logos" / "mairie.png").read_bytes() == b"\x89PNG logo"


def test_it_refuses_postgresql_client_tools_older_than_the_server(tmp_path, monkeypatch):
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.16'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")

    class Server:
        pg_version = 170002

    with pytest.raises(backups.BackupError, match="postgresql-client-17"):
        backups._client("pg_dump", Server())


def test_it_never_overwrites_a_file(tmp_path):
    existing = tmp_path / "entraide.tar"
    existing.write_text("something else")
    with pytest.raises(backups.BackupError):
        backups.backup(existing)
    assert existing.read_text() == "something else"
