"""Building broken ledgers directly in the database, on PostgreSQL and SQLite alike.

`triggers_off()` lifts the time bank's triggers (and, on SQLite, check constraints) inside the
test's transaction; the test's rollback puts them back.
"""

import contextlib
import uuid

from django.db import connection
from django.db.models import F

from entraide.timebank.models import Account, Entry, Transfer

TABLES = ("timebank_transfer", "timebank_entry")


@contextlib.contextmanager
def triggers_off():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign key checks must run first: ALTER TABLE refuses pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            saved = []
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'timebank_%%'"
            )
            saved = cursor.fetchall()
            for name, _sql in saved:
                cursor.execute(f"DROP TRIGGER {name}")
            cursor.execute("PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for table in TABLES:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            else:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
                for _name, sql in saved:
                    cursor.execute(sql)


def drop_constraint(table: str, name: str) -> None:
    """Lift a check constraint for the test (on SQLite, `triggers_off()` ignores them all)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def bare_transfer(payer: Account, payee: Account, minutes: int, *, entries=None, **fields) -> Transfer:
    """A transfer row with the entries given (default: the right two), balances moved to match,
    written with the triggers lifted."""
    with triggers_off():
        return _bare_transfer(payer, payee, minutes, entries=entries, **fields)


def _bare_transfer(payer, payee, minutes, *, entries, **fields):
    record = Transfer.objects.create(
        territory_id=fields.pop("territory_id", payer.territory_id),
        kind=fields.pop("kind", "gift"),
        payer=payer,
        payee=payee,
        minutes=minutes,
        idempotency_key=uuid.uuid4(),
        **fields,
    )
    if entries is None:
        entries = [(payer, -minutes), (payee, minutes)]
    for account, amount in entries:
        Entry.objects.create(transfer=record, account=account, amount_minutes=amount)
        Account.objects.filter(pk=account.pk).update(balance_minutes=F("balance_minutes") + amount)
    return record
