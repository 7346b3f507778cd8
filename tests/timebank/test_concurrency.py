"""Two transfers from the same account at the same moment never both pass a limit, never lose an update."""

import uuid

import pytest
from django.db import connection

from entraide.timebank import services
from entraide.timebank.checks import check_ledger
from entraide.timebank.models import Account, Transfer

from ..concurrency import run_together
from ..factories import CommuneFactory, TerritoryFactory
from .factories import AccountFactory

THREADS = 12


def _run_together(jobs):
    return run_together(jobs, refused=(services.TimebankError,), describe=lambda error: error.message)


@pytest.mark.django_db(transaction=True)
def test_concurrent_transfers_never_both_pass_the_floor_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: run with DATABASE_URL=postgres://…")
    territory = TerritoryFactory(slug="concurrence", hostnames="c.example.org")
    commune = CommuneFactory(territory=territory)
    payer = AccountFactory(owner__commune=commune)
    payees = [AccountFactory(owner__commune=commune) for _ in range(THREADS)]

    def job_for(payee):
        return lambda: (
            services.transfer(
                payer=payer,
                payee=payee,
                minutes=60,
                kind="gift",
                idempotency_key=uuid.uuid4(),
                created_by=None,
            ).created
        )

    outcomes = _run_together([job_for(payee) for payee in payees])
    assert [o for o in outcomes if o[0] == "crash"] == []
    assert sum(o[0] == "ok" for o in outcomes) == 10  # the floor, −10 h, allows exactly ten hours
    assert sum(o[0] == "refused" for o in outcomes) == THREADS - 10
    assert Account.objects.get(pk=payer.pk).balance_minutes == -600
    assert check_ledger([territory]) == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_transfers_both_ways_lose_no_update_and_replays_record_once_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: run with DATABASE_URL=postgres://…")
    territory = TerritoryFactory(slug="concurrence", hostnames="c.example.org")
    commune = CommuneFactory(territory=territory)
    a, b = AccountFactory(owner__commune=commune), AccountFactory(owner__commune=commune)
    replayed = uuid.uuid4()

    def a_to_b():
        return services.transfer(
            payer=a, payee=b, minutes=7, kind="gift", idempotency_key=uuid.uuid4(), created_by=None
        )

    def b_to_a():
        return services.transfer(
            payer=b, payee=a, minutes=5, kind="gift", idempotency_key=uuid.uuid4(), created_by=None
        )

    def replay():
        return services.transfer(
            payer=a, payee=b, minutes=1, kind="gift", idempotency_key=replayed, created_by=None
        )

    outcomes = _run_together([a_to_b, b_to_a] * 4 + [replay] * 4)
    assert [o for o in outcomes if o[0] != "ok"] == []
    assert Transfer.objects.filter(idempotency_key=replayed).count() == 1
    assert Account.objects.get(pk=a.pk).balance_minutes == 4 * (5 - 7) - 1
    assert Account.objects.get(pk=b.pk).balance_minutes == 4 * (7 - 5) + 1
    assert check_ledger([territory]) == []


@pytest.mark.django_db(transaction=True)
def test_a_replay_racing_its_original_at_the_floor_gets_the_original_not_a_refusal():
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: run with DATABASE_URL=postgres://…")
    territory = TerritoryFactory(slug="concurrence", hostnames="c.example.org")
    commune = CommuneFactory(territory=territory)
    payer, payee, other = (AccountFactory(owner__commune=commune) for _ in range(3))
    services.transfer(
        payer=payer, payee=other, minutes=540, kind="gift", idempotency_key=uuid.uuid4(), created_by=None
    )
    key = uuid.uuid4()

    def send():
        result = services.transfer(
            payer=payer, payee=payee, minutes=60, kind="gift", idempotency_key=key, created_by=None
        )
        return result.transfer.pk

    outcomes = _run_together([send] * 6)
    assert [o[0] for o in outcomes] == ["ok"] * 6, outcomes
    assert len({o[1] for o in outcomes}) == 1
    assert Account.objects.get(pk=payer.pk).balance_minutes == -600
    assert check_ledger([territory]) == []


@pytest.mark.django_db
def test_on_sqlite_write_transactions_are_serialised(settings):
    """SQLite has no row locks: the settings make every transaction take the write lock at BEGIN."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db
def test_limits_are_checked_on_fresh_rows_not_on_stale_objects(resident_account, neighbour_account, commune):
    """A view holding an old copy of an account cannot pass a limit that a newer transfer closed."""
    stale = Account.objects.get(pk=resident_account.pk)  # balance 0, as the view read it
    other = AccountFactory(owner__commune=commune)
    services.transfer(
        payer=resident_account,
        payee=other,
        minutes=570,
        kind="gift",
        idempotency_key=uuid.uuid4(),
        created_by=None,
    )
    with pytest.raises(services.TimebankError):
        services.transfer(
            payer=stale,
            payee=neighbour_account,
            minutes=60,
            kind="gift",
            idempotency_key=uuid.uuid4(),
            created_by=None,
        )
    assert Account.objects.get(pk=resident_account.pk).balance_minutes == -570


def test_concurrent_processes_on_an_sqlite_file_lose_nothing_and_breach_no_limit(tmp_path):
    """Real concurrent processes on an SQLite file (the bench, run short): zero differences."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.sqlite3'}",
        "ENTRAIDE_VAR_DIR": str(tmp_path),
        "PYTHONWARNINGS": "ignore",
    }
    completed = subprocess.run(  # noqa: S603 - our own script
        [
            sys.executable,
            str(root / "bench" / "timebank_bench.py"),
            "--migrate",
            "--seconds",
            "2",
            "--clients",
            "4",
            "--accounts",
            "6",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "database: sqlite" in completed.stdout
    assert "transfers recorded: 0 " not in completed.stdout
    assert "limit breaches: 0" in completed.stdout and "differences: 0" in completed.stdout


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_never_pass_24_hours_a_day_for_one_helper_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: run with DATABASE_URL=postgres://…")
    import datetime

    from entraide.timebank.models import Claim

    territory = TerritoryFactory(slug="concurrence", hostnames="c.example.org")
    commune = CommuneFactory(territory=territory)
    helper = AccountFactory(owner__commune=commune).owner
    receivers = [AccountFactory(owner__commune=commune).owner for _ in range(6)]
    day = datetime.date.today()

    def job_for(receiver):
        return lambda: services.record_claim(
            helper=helper,
            receiver=receiver,
            minutes=13 * 60,
            happened_on=day,
            description="Aide",
            idempotency_key=uuid.uuid4(),
        )[1]

    outcomes = _run_together([job_for(receiver) for receiver in receivers])
    assert [o for o in outcomes if o[0] == "crash"] == []
    assert sum(o[0] == "ok" for o in outcomes) == 1
    assert Claim.objects.filter(helper=helper).count() == 1
