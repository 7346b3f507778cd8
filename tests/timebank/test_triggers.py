"""The database guards the ledger alike on PostgreSQL and SQLite (issue 16, defect 12)."""

import uuid

import pytest
from django.db import DatabaseError, connection, transaction

from entraide.timebank.models import Account, Entry, Transfer

from .factories import AccountFactory

pytestmark = pytest.mark.django_db


def insert_transfer(payer, payee, minutes=30):
    return Transfer.objects.create(
        territory=payer.territory,
        kind="gift",
        payer=payer,
        payee=payee,
        minutes=minutes,
        idempotency_key=uuid.uuid4(),
    )


def test_inserting_a_transfer_writes_its_two_entries_and_both_balances(resident_account, neighbour_account):
    record = insert_transfer(resident_account, neighbour_account, 30)
    assert sorted(record.entries.values_list("account_id", "amount_minutes")) == sorted(
        [(resident_account.pk, -30), (neighbour_account.pk, 30)]
    )
    assert Account.objects.get(pk=resident_account.pk).balance_minutes == -30
    assert Account.objects.get(pk=neighbour_account.pk).balance_minutes == 30


@pytest.mark.parametrize("case", ["other account", "wrong amount", "wrong sign", "a third entry"])
def test_the_database_refuses_an_entry_that_is_not_its_transfers_side(
    resident_account, neighbour_account, case
):
    record = insert_transfer(resident_account, neighbour_account, 30)
    other = AccountFactory(owner__commune=resident_account.owner.commune)
    account, amount = {
        "other account": (other, 30),
        "wrong amount": (neighbour_account, 31),
        "wrong sign": (neighbour_account, -30),
        "a third entry": (neighbour_account, 30),
    }[case]
    with pytest.raises(DatabaseError), transaction.atomic():
        Entry.objects.create(transfer=record, account=account, amount_minutes=amount)
    assert record.entries.count() == 2


@pytest.mark.parametrize("table", ["timebank_entry", "timebank_transfer"])
def test_the_database_refuses_to_delete_ledger_rows(resident_account, neighbour_account, table):
    record = insert_transfer(resident_account, neighbour_account)
    column = "transfer_id" if table == "timebank_entry" else "id"
    with pytest.raises(DatabaseError, match="never"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [record.pk])  # noqa: S608
    assert Entry.objects.filter(transfer=record).count() == 2


def test_the_database_refuses_a_zero_entry_and_a_self_transfer(resident_account):
    with pytest.raises(DatabaseError), transaction.atomic():
        insert_transfer(resident_account, resident_account)
    with pytest.raises(DatabaseError), transaction.atomic():
        insert_transfer(resident_account, AccountFactory(owner__commune=resident_account.owner.commune), 0)
    assert not Transfer.objects.exists()
