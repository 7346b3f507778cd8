"""Time bank benchmark: N concurrent clients make transfers for S seconds, then the ledger is checked.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entraide_bench \\
        .venv/bin/python bench/timebank_bench.py --migrate --seconds 30 --clients 8

Each client is a process with its own database connection, moving random amounts between random
accounts of one territory (some transfers are refused by the limits, as in real life). Prints
transfers per second, refusals, the lowest and highest balance against the limits, and the
result of `entraide timebank check`. Exits non-zero on any difference or limit breach.
"""

import argparse
import multiprocessing
import os
import random
import sys
import time
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from entraide.people.models import User  # noqa: E402
from entraide.territories.models import Commune, Territory  # noqa: E402
from entraide.timebank import services  # noqa: E402
from entraide.timebank.checks import check_ledger  # noqa: E402
from entraide.timebank.models import Account, TimebankSettings  # noqa: E402

SLUG = "bench-timebank"


def prepare(accounts: int) -> list[int]:
    territory, _ = Territory.objects.get_or_create(slug=SLUG, defaults={"name": "Banc d'essai"})
    territory.hosts.get_or_create(name="bench.invalid")
    commune, _ = Commune.objects.get_or_create(
        insee_code="99999", defaults={"territory": territory, "name": "Banc"}
    )
    have = Account.objects.in_territory(territory).people().count()
    for index in range(have, accounts):
        user = User.objects.create(
            territory=territory,
            commune=commune,
            display_name=f"Banc {index}",
            email=f"banc{index}@bench.invalid",
        )
        Account.objects.create(territory=territory, owner=user)
    return list(Account.objects.in_territory(territory).people().values_list("pk", flat=True)[:accounts])


def _server_process() -> int | None:
    """The process id of this connection's PostgreSQL backend, when it runs on this machine."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return pid if os.path.exists(f"/proc/{pid}/stat") else None


def _cpu_seconds(pid: int | None) -> float:
    """CPU time (user + system) used so far by process `pid` (0 if unknown)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def client(seed: int, account_ids: list[int], seconds: float, start, queue) -> None:
    connections.close_all()  # never share the parent's connection
    rng = random.Random(seed)
    # Connect and load the accounts before the clock starts: only transfers are measured.
    accounts = {a.pk: a for a in Account.objects.filter(pk__in=account_ids)}
    done = refused = 0
    server = _server_process()
    start.wait()
    began = time.monotonic()
    cpu_began, server_began = time.process_time(), _cpu_seconds(server)
    deadline = began + seconds
    while time.monotonic() < deadline:
        payer, payee = rng.sample(account_ids, 2)
        try:
            services.transfer(
                payer=accounts[payer],
                payee=accounts[payee],
                minutes=rng.choice([15, 30, 60, 90, 120]),
                kind="gift",
                idempotency_key=uuid.uuid4(),
                created_by=None,
            )
            done += 1
        except services.TimebankError:
            refused += 1
    elapsed = time.monotonic() - began
    cpu, server_cpu = time.process_time() - cpu_began, _cpu_seconds(server) - server_began
    connections.close_all()
    queue.put((done, refused, elapsed, cpu, server_cpu))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--migrate", action="store_true", help="Create or update the database first.")
    args = parser.parse_args()
    if args.migrate:
        call_command("migrate", verbosity=0)
    account_ids = prepare(args.accounts)
    territory = Territory.objects.get(slug=SLUG)
    settings = TimebankSettings.for_territory(territory)
    connections.close_all()

    load_before = os.getloadavg()[0]
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    start = context.Barrier(args.clients)
    workers = [
        context.Process(target=client, args=(seed, account_ids, args.seconds, start, queue))
        for seed in range(args.clients)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    # Every client ran for the same measured window (process start-up and connecting excluded).
    elapsed = max(r[2] for r in results)
    done = sum(r[0] for r in results)
    refused = sum(r[1] for r in results)

    balances = list(
        Account.objects.in_territory(territory).people().values_list("balance_minutes", flat=True)
    )
    breaches = sum(b < settings.floor_minutes or b > settings.ceiling_minutes for b in balances)
    problems = check_ledger([territory])
    vendor, count = connection.vendor, len(account_ids)
    print(
        f"database: {vendor}, clients: {args.clients}, accounts: {count}, {elapsed:.1f} s; "
        f"load average (1 min) before: {load_before:.2f}, after: {os.getloadavg()[0]:.2f}"
    )
    print(f"transfers recorded: {done} ({done / elapsed:.0f} per second); refused by a limit: {refused}")
    print(
        f"balances from {min(balances)} to {max(balances)} min "
        f"(limits {settings.floor_minutes} to {settings.ceiling_minutes}); limit breaches: {breaches}"
    )
    if done:
        # CPU per transfer does not depend on what else the machine is doing, unlike the rate.
        client_ms = 1000 * sum(r[3] for r in results) / (done + refused)
        server_ms = 1000 * sum(r[4] for r in results) / (done + refused)
        server = f", database server {server_ms:.2f} ms" if server_ms else ""
        print(f"CPU per transfer attempted: clients {client_ms:.2f} ms{server}")
    print(f"timebank check: {'OK' if not problems else 'FAILED'}, differences: {len(problems)}")
    for problem in problems:
        print("  " + problem)
    return 1 if problems or breaches else 0


if __name__ == "__main__":
    sys.exit(main())
