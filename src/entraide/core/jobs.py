"""Periodic jobs that several app servers may start at the same moment: one runs, the others skip.

`@one_at_a_time` wraps a management command's `handle()`: on PostgreSQL it takes a session
advisory lock named after the command and its action (`board expire`), and a second run,
from this server or another, finds it taken, says so and stops without doing anything. The lock
goes with the connection, so a crashed run never leaves it behind. On SQLite (one machine, one
database file) the jobs run as they are. The jobs are also idempotent (each records what it did:
`reminder_sent_at`, `sent_at`, …), so a run that starts just after another finished does nothing
twice.
"""

import functools
import hashlib

from django.db import connection


def lock_id(name: str) -> int:
    """A stable signed 64-bit number for `name` (PostgreSQL advisory locks take a bigint)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class Lock:
    """`with Lock("board expire") as mine:` — `mine` is False when another session holds it."""

    def __init__(self, name: str):
        self.key = lock_id(f"entraide:{name}")
        self.held = False

    def __enter__(self) -> bool:
        if connection.vendor != "postgresql":
            return True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.key])
            self.held = cursor.fetchone()[0]
        return self.held

    def __exit__(self, *exc) -> None:
        if self.held and connection.connection is not None and not connection.connection.closed:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [self.key])
        self.held = False  # (a closed connection has released it)


def one_at_a_time(handle):
    """Decorate a command's `handle()`; its name is the command's module and `action`, if any."""

    @functools.wraps(handle)
    def wrapper(self, *args, **options):
        name = " ".join(filter(None, [self.__module__.rsplit(".", 1)[-1], options.get("action")]))
        with Lock(name) as mine:
            if not mine:
                self.stdout.write(f"`{name}` is already running (another server or process): skipped.")
                return None
            return handle(self, *args, **options)

    return wrapper
