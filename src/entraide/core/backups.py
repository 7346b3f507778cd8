"""Backups of the database and of uploaded files, and their restoration (`entraide backup`,
`entraide restore`; docs/deployment.md, "Backups").

A backup is one tar file, readable with standard tools, readable only by its owner:

    database.pgdump    PostgreSQL: pg_dump's custom format (restore it by hand with pg_restore)
    database.sqlite3   SQLite: a consistent copy made with the online backup API
    media/…            the uploaded files, when MEDIA_ROOT is a directory
    manifest.json      written last: the database, each file's SHA-256 and each table's row count

The row counts are taken in the very snapshot the dump is made from, so they match it exactly even
while the app runs. Restoring checks every file against the manifest before touching anything,
refuses a database that already has tables unless forced, and compares the row counts afterwards.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

FORMAT = "entraide-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA = "media"


class BackupError(Exception):
    """What went wrong, said for the operator."""


@dataclass
class Backup:
    path: Path
    vendor: str
    tables: dict[str, int]
    media_files: int

    def __str__(self) -> str:
        return _("Backup written to %(path)s: %(database)s database, %(contents)s.") % {
            "path": self.path,
            "database": _vendor_name(self.vendor),
            "contents": _contents(self.tables, self.media_files),
        }


@dataclass
class Restoration:
    path: Path
    manifest: dict
    target: str
    media_files: int
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        made = formats.date_format(
            timezone.localtime(datetime.fromisoformat(self.manifest["created_at"])), "DATETIME_FORMAT"
        )
        summary = _(
            "Restored %(path)s (made on %(date)s) into the %(database)s database %(target)s: "
            "%(contents)s, the same counts as in the backup."
        ) % {
            "path": self.path,
            "date": made,
            "database": _vendor_name(self.manifest["database"]),
            "target": self.target,
            "contents": _contents(self.manifest["tables"], self.media_files),
        }
        return "\n".join([summary, *self.notes])


def _contents(tables: dict[str, int], media_files: int | None = None) -> str:
    rows = sum(tables.values())
    parts = [
        ngettext("%(count)d table", "%(count)d tables", len(tables)) % {"count": len(tables)},
        ngettext("%(count)d row", "%(count)d rows", rows) % {"count": rows},
    ]
    if media_files is not None:
        files = ngettext("%(count)d uploaded file", "%(count)d uploaded files", media_files)
        parts.append(files % {"count": media_files})
    return ", ".join(parts)


# Backing up


def backup(destination: Path | None = None, *, using: str = DEFAULT_DB_ALIAS) -> Backup:
    """Write a backup to `destination` (a new file, or an existing directory to put it in)."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(_("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": vendor})
    path = _destination(destination)
    media = _media_files()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".entraide-backup-") as work:
        database_file = Path(work) / DATABASE_FILES[vendor]
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.localtime().isoformat(timespec="seconds"),
            "entraide_version": metadata.version("entraide"),
            "database": vendor,
        }
        if vendor == "postgresql":
            manifest.update(_dump_postgresql(connection, database_file))
        else:
            manifest.update(_copy_sqlite(connection, database_file))
        _write_archive(path, manifest, [(database_file.name, database_file), *media])
    return Backup(path=path, vendor=vendor, tables=manifest["tables"], media_files=len(media))


def _destination(destination: Path | None) -> Path:
    directory = destination if destination is not None else Path(settings.VAR_DIR) / "backups"
    if destination is None or destination.is_dir():
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M%S")
        return directory / f"entraide-{stamp}.tar"
    if destination.exists():
        raise BackupError(
            _("%(path)s already exists: a backup never overwrites a file.") % {"path": destination}
        )
    return destination


def _media_files() -> list[tuple[str, Path]]:
    if not settings.MEDIA_ROOT or not Path(settings.MEDIA_ROOT).is_dir():
        return []
    root = Path(settings.MEDIA_ROOT)
    return [
        (f"{MEDIA}/{file.relative_to(root).as_posix()}", file)
        for file in sorted(root.rglob("*"))
        if file.is_file()
    ]


def _dump_postgresql(connection, target: Path) -> dict:
    """pg_dump in custom format, from a snapshot exported by a transaction that counts the rows."""
    connection.ensure_connection()
    pg_dump, client = _client("pg_dump", connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = _count_rows(connection)
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"], connection)
    return {"server_version": _server_version(connection), "client_version": client, "tables": tables}


def _copy_sqlite(connection, target: Path) -> dict:
    """SQLite's online backup API: one consistent read, writers carry on meanwhile (WAL mode)."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        tables = _sqlite_counts(copy)
    finally:
        copy.close()
    return {"server_version": sqlite3.sqlite_version, "tables": tables}


class _Hashing:
    """A file read by tarfile, hashed on the way."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.file.read(size)
        self.sha256.update(chunk)
        return chunk


def _write_archive(path: Path, manifest: dict, files: list[tuple[str, Path]]) -> None:
    """Write to `<path>.partial`, manifest last, then rename: a file named `path` is complete."""
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                hashes = {}
                for name, source in files:
                    info = tar.gettarinfo(str(source), arcname=name)
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    with source.open("rb") as file:
                        reader = _Hashing(file)
                        tar.addfile(info, reader)
                    hashes[name] = reader.sha256.hexdigest()
                data = json.dumps({**manifest, "files": hashes}, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
                tar.addfile(info, io.BytesIO(data))
            raw.flush()
            os.fsync(raw.fileno())
        os.rename(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


# Restoring


def restore(path: Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> Restoration:
    """Restore the backup at `path` into the database (and MEDIA_ROOT), after verifying it."""
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="entraide-restore-") as work:
        work = Path(work)
        manifest = _unpack_and_verify(path, work)
        vendor = manifest["database"]
        _connect(connection)
        if vendor != connection.vendor:
            raise BackupError(
                _("%(path)s is a backup of a %(archive)s database; this instance uses %(database)s.")
                % {
                    "path": path,
                    "archive": _vendor_name(vendor),
                    "database": _vendor_name(connection.vendor),
                }
            )
        database_file = work / DATABASE_FILES[vendor]
        if vendor == "postgresql":
            pg_restore = _verify_postgresql_dump(connection, database_file, manifest)
        else:
            _verify_sqlite_copy(database_file)
        media = sorted(name for name in manifest["files"] if name.startswith(f"{MEDIA}/"))
        _refuse_to_overwrite(connection, bool(media), force)

        if vendor == "postgresql":
            command = [pg_restore, "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges"]
            if force:
                command += ["--clean", "--if-exists"]
            _run([*command, f"--dbname={connection.settings_dict['NAME']}", str(database_file)], connection)
        else:
            source = sqlite3.connect(database_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        restored_media = _restore_media(work, media)
    restoration = Restoration(
        path=path, manifest=manifest, target=str(connection.settings_dict["NAME"]), media_files=restored_media
    )
    _compare_counts(connection, manifest, restoration)
    if media and not restored_media:
        restoration.notes.append(
            ngettext(
                "The backup holds %(count)d uploaded file, not restored: MEDIA_ROOT is not set.",
                "The backup holds %(count)d uploaded files, not restored: MEDIA_ROOT is not set.",
                len(media),
            )
            % {"count": len(media)}
        )
    restoration.notes += _migration_notes(connection)
    return restoration


def _unpack_and_verify(path: Path, work: Path) -> dict:
    """Extract every file into `work`, checking its name, then its SHA-256 against the manifest."""
    not_a_backup = _("%(path)s is not an Entraide backup, or it is damaged: %(reason)s")
    hashes, manifest = {}, None
    try:
        with tarfile.open(path, mode="r:") as tar:
            for member in tar:
                name = PurePosixPath(member.name)
                if not member.isfile() or name.is_absolute() or ".." in name.parts:
                    raise BackupError(not_a_backup % {"path": path, "reason": member.name})
                source = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(source.read())
                    continue
                if name.parts[0] != MEDIA and member.name not in DATABASE_FILES.values():
                    raise BackupError(not_a_backup % {"path": path, "reason": member.name})
                target = work.joinpath(*name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with target.open("wb") as out:
                    while chunk := source.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
                hashes[member.name] = digest.hexdigest()
    except FileNotFoundError as exc:
        raise BackupError(_("%(path)s does not exist.") % {"path": path}) from exc
    except (tarfile.TarError, OSError, ValueError) as exc:
        raise BackupError(not_a_backup % {"path": path, "reason": exc}) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(not_a_backup % {"path": path, "reason": _("no manifest, the file is incomplete")})
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("%(path)s was written by a newer version of Entraide (backup format %(version)s).")
            % {"path": path, "version": manifest.get("format_version")}
        )
    expected = manifest.get("files") or {}
    if hashes != expected or DATABASE_FILES.get(manifest.get("database")) not in hashes:
        damaged = set(hashes.items()) ^ set(expected.items())
        reason = _("these files differ from the manifest: %(names)s") % {
            "names": ", ".join(sorted({name for name, _digest in damaged}))
        }
        raise BackupError(not_a_backup % {"path": path, "reason": reason})
    return manifest


def _verify_postgresql_dump(connection, dump: Path, manifest: dict) -> str:
    pg_restore, client = _client("pg_restore", connection)
    if client < manifest["client_version"]:
        raise BackupError(
            _(
                "This backup was made with pg_dump %(made)s, which pg_restore %(client)s cannot read: "
                "install the PostgreSQL %(made)s client tools (postgresql-client-%(made)s)."
            )
            % {"made": manifest["client_version"], "client": client}
        )
    _run([pg_restore, "--list", str(dump)], connection)
    return pg_restore


def _verify_sqlite_copy(copy: Path) -> None:
    database = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
    try:
        result = database.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    finally:
        database.close()
    if result != "ok":
        raise BackupError(_("The database in the backup is damaged: %(error)s") % {"error": result})


def _connect(connection) -> None:
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        raise BackupError(
            _("Cannot open the database %(name)s: %(error)s")
            % {"name": connection.settings_dict["NAME"], "error": str(exc).strip()}
        ) from exc


def _refuse_to_overwrite(connection, has_media: bool, force: bool) -> None:
    tables = _count_rows(connection)
    if tables and not force:
        raise BackupError(
            _(
                "The database %(name)s is not empty (%(contents)s): restoring would replace it. "
                "Restore into a new, empty database, or add --force to replace its contents."
            )
            % {"name": connection.settings_dict["NAME"], "contents": _contents(tables)}
        )
    media_root = Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else None
    if has_media and media_root and media_root.is_dir() and any(media_root.iterdir()) and not force:
        raise BackupError(
            _(
                "The uploaded files' directory %(path)s is not empty: restoring would replace its files. "
                "Empty it, or add --force."
            )
            % {"path": media_root}
        )


def _restore_media(work: Path, names: list[str]) -> int:
    if not names or not settings.MEDIA_ROOT:
        return 0
    root = Path(settings.MEDIA_ROOT)
    for name in names:
        relative = PurePosixPath(name).relative_to(MEDIA)
        target = root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / name, target)
    return len(names)


def _compare_counts(connection, manifest: dict, restoration: Restoration) -> None:
    expected, found = manifest["tables"], _count_rows(connection)
    differences = [
        _("%(table)s: %(expected)s in the backup, %(found)s now")
        % {"table": table, "expected": expected.get(table, "-"), "found": found.get(table, "-")}
        for table in sorted(set(expected) | set(found))
        if table in expected and expected[table] != found.get(table)
    ]
    if differences:
        raise BackupError(
            _("The database was restored but its row counts differ from the backup:")
            + "\n"
            + "\n".join(differences)
        )
    extra = sorted(set(found) - set(expected))
    if extra:
        restoration.notes.append(
            _("Tables not in the backup were left as they were: %(tables)s") % {"tables": ", ".join(extra)}
        )


def _migration_notes(connection) -> list[str]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied, on_disk = set(loader.applied_migrations), set(loader.disk_migrations)
    notes = []
    if on_disk - applied:
        notes.append(_("The backup predates this version of Entraide: run `entraide migrate`."))
    if applied - on_disk:
        notes.append(
            _("The backup comes from a newer version of Entraide: install that version before using it.")
        )
    return notes


# Shared


def _count_rows(connection) -> dict[str, int]:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return _sqlite_counts(connection.connection)
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        return counts


def _sqlite_counts(database: sqlite3.Connection) -> dict[str, int]:
    tables = database.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return {
        name: database.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
        for (name,) in tables
    }


def _client(program: str, connection) -> tuple[str, int]:
    """The path and major version of a PostgreSQL client, refused if older than the server."""
    path = shutil.which(program)
    if path is None:
        raise BackupError(
            _(
                "%(program)s was not found: install the PostgreSQL client tools "
                "(on Debian or Ubuntu: apt install postgresql-client)."
            )
            % {"program": program}
        )
    answer = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", answer.stdout)
    client, server = (int(match.group(1)) if match else 0), connection.pg_version // 10000
    if client < server:
        raise BackupError(
            _(
                "%(program)s %(client)s cannot work with a PostgreSQL %(server)s server: install the "
                "PostgreSQL %(server)s client tools (postgresql-client-%(server)s) and put them first "
                "in PATH."
            )
            % {"program": program, "client": client, "server": server}
        )
    return path, client


def _run(command: list[str], connection) -> None:
    """Run a PostgreSQL client on the database of DATABASE_URL (password in the environment)."""
    completed = subprocess.run(  # noqa: S603 - the PostgreSQL client tools
        command, env=_libpq_environment(connection.settings_dict), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": Path(command[0]).name, "error": completed.stderr.strip()[-2000:]}
        )


def _libpq_environment(database: dict) -> dict[str, str]:
    options = database.get("OPTIONS", {})
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    environment = {key: value for key, value in os.environ.items() if key not in values}
    environment.update({key: str(value) for key, value in values.items() if value})
    return environment


def _server_version(connection) -> str:
    return f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"


def _vendor_name(vendor: str) -> str:
    return {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(vendor, vendor)
