"""Daily jobs started on two servers at once: one runs, the other skips (core.jobs)."""

import io

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from entraide.core.jobs import Lock, lock_id

pytestmark = pytest.mark.django_db

DAILY = [
    ["board", "expire"],
    ["board", "send-digests"],
    ["timebank", "confirm-due"],
    ["timebank", "check"],
    ["directory", "remind-stale"],
    ["people", "purge-inactive"],
    ["send_queued_mail"],
    ["cleanup_mail", "--days", "30"],
]


def test_a_lock_id_is_stable_and_fits_a_bigint():
    assert lock_id("board expire") == lock_id("board expire") != lock_id("board send-digests")
    assert -(2**63) <= lock_id("board expire") < 2**63


@pytest.mark.parametrize("command", DAILY, ids=" ".join)
def test_every_daily_job_runs(command):
    out = io.StringIO()
    call_command(*command, stdout=out, stderr=io.StringIO())
    assert "already running" not in out.getvalue()


def _other_session():
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
@pytest.mark.parametrize("command", DAILY, ids=" ".join)
def test_a_job_skips_while_another_server_runs_it(command):
    name = " ".join(part for part in command if not part.startswith("-") and not part.isdigit())
    with _other_session() as other:
        other.execute("SELECT pg_advisory_lock(%s)", [lock_id(f"entraide:{name}")])
        out = io.StringIO()
        call_command(*command, stdout=out, stderr=io.StringIO())
        assert f"`{name}` is already running" in out.getvalue()
        other.execute("SELECT pg_advisory_unlock(%s)", [lock_id(f"entraide:{name}")])
    out = io.StringIO()
    call_command(*command, stdout=out, stderr=io.StringIO())
    assert "already running" not in out.getvalue()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
def test_the_lock_is_released_after_the_run():
    with Lock("board expire") as mine:
        assert mine
    with _other_session() as other:
        taken = other.execute("SELECT pg_try_advisory_lock(%s)", [lock_id("entraide:board expire")])
        assert taken.fetchone()[0]
