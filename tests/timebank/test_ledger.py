"""The ledger: double entry, stored balances, limits, idempotency, immutability."""

import uuid

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from entraide.timebank import services
from entraide.timebank.checks import check_ledger
from entraide.timebank.models import Account, Entry, ImmutableRowError, TimebankSettings, Transfer

from .factories import AccountFactory, fund

pytestmark = pytest.mark.django_db


def gift(payer, payee, minutes, key=None):
    return services.transfer(
        payer=payer,
        payee=payee,
        minutes=minutes,
        kind="gift",
        idempotency_key=key or uuid.uuid4(),
        created_by=None,
    )


def ledger_state(territory):
    return (
        sorted(Account.objects.in_territory(territory).values_list("pk", "balance_minutes")),
        Entry.objects.count(),
        Transfer.objects.count(),
    )


def test_it_moves_minutes_with_two_entries_summing_to_zero(resident_account, neighbour_account, territory):
    result = gift(resident_account, neighbour_account, 90)
    assert result.created
    entries = sorted(result.transfer.entries.values_list("account_id", "amount_minutes"))
    assert entries == sorted([(resident_account.pk, -90), (neighbour_account.pk, 90)])
    resident_account.refresh_from_db()
    neighbour_account.refresh_from_db()
    assert (resident_account.balance_minutes, neighbour_account.balance_minutes) == (-90, 90)
    assert check_ledger([territory]) == []


def test_a_replayed_key_records_nothing_twice(resident_account, neighbour_account, territory):
    key = uuid.uuid4()
    first = gift(resident_account, neighbour_account, 30, key)
    before = ledger_state(territory)
    again = gift(resident_account, neighbour_account, 30, key)
    assert not again.created and again.transfer == first.transfer
    assert ledger_state(territory) == before


def test_it_refuses_to_go_below_the_floor_and_says_by_how_much(
    resident_account, neighbour_account, territory
):
    gift(resident_account, neighbour_account, 9 * 60)
    before = ledger_state(territory)
    with pytest.raises(services.TimebankError) as error:
        gift(resident_account, neighbour_account, 90)
    assert "solde minimal autorisé (−10 h), de 30 min" in str(error.value)
    assert "30 min" in str(error.value)
    assert ledger_state(territory) == before


def test_it_refuses_to_go_above_the_ceiling(resident_account, neighbour_account, territory):
    TimebankSettings.objects.create(territory=territory, ceiling_minutes=60)
    gift(resident_account, neighbour_account, 60)
    with pytest.raises(services.TimebankError) as error:
        gift(resident_account, neighbour_account, 15)
    assert "15 min" in str(error.value)
    neighbour_account.refresh_from_db()
    assert neighbour_account.balance_minutes == 60


@pytest.mark.parametrize("minutes", [0, -30, 1.5, True])
def test_it_refuses_durations_that_are_not_positive_whole_minutes(
    resident_account, neighbour_account, territory, minutes
):
    before = ledger_state(territory)
    with pytest.raises(services.TimebankError):
        gift(resident_account, neighbour_account, minutes)
    assert ledger_state(territory) == before


def test_it_refuses_paying_oneself(resident_account, territory):
    with pytest.raises(services.TimebankError):
        gift(resident_account, resident_account, 30)
    assert Transfer.objects.count() == 0


def test_nothing_crosses_territories(resident_account, outsider, territory):
    foreign = AccountFactory(owner=outsider)
    with pytest.raises(services.TimebankError):
        gift(resident_account, foreign, 30)
    assert Transfer.objects.count() == 0


def test_a_frozen_account_neither_gives_nor_receives(resident_account, neighbour_account, referent):
    services.set_frozen(neighbour_account, by=referent, frozen=True, reason="Vérification en cours")
    for payer, payee in ((resident_account, neighbour_account), (neighbour_account, resident_account)):
        with pytest.raises(services.TimebankError) as error:
            gift(payer, payee, 30)
        assert "Vérification en cours" in str(error.value)
    assert Transfer.objects.count() == 0


def test_the_pool_never_goes_negative(pool, resident_account, referent):
    with pytest.raises(services.TimebankError):
        services.grant_from_pool(
            referent=referent, payee=resident_account, minutes=60, reason="Aide", idempotency_key=uuid.uuid4()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=pool.pk).update(balance_minutes=-1)


def test_a_reversal_references_the_original_and_restores_balances(
    resident_account, neighbour_account, referent, territory
):
    original = gift(resident_account, neighbour_account, 45).transfer
    reversal = services.reverse(
        original=original, by=referent, reason="Erreur de saisie", idempotency_key=uuid.uuid4()
    ).transfer
    assert reversal.reverses == original and reversal.entered_by == referent
    resident_account.refresh_from_db()
    assert resident_account.balance_minutes == 0
    with pytest.raises(services.TimebankError):
        services.reverse(original=original, by=referent, reason="Encore", idempotency_key=uuid.uuid4())
    with pytest.raises(services.TimebankError):
        services.reverse(original=original, by=referent, reason="  ", idempotency_key=uuid.uuid4())
    assert check_ledger([territory]) == []


def test_ledger_rows_are_never_updated_or_deleted(resident_account, neighbour_account):
    transfer = gift(resident_account, neighbour_account, 30).transfer
    entry = transfer.entries.first()
    with pytest.raises(ImmutableRowError):
        entry.save()
    with pytest.raises(ImmutableRowError):
        entry.delete()
    with pytest.raises(ImmutableRowError):
        Entry.objects.filter(pk=entry.pk).update(amount_minutes=1)
    with pytest.raises(ImmutableRowError):
        Transfer.objects.filter(pk=transfer.pk).delete()


def test_the_database_refuses_to_update_an_entry(resident_account, neighbour_account):
    entry = gift(resident_account, neighbour_account, 30).transfer.entries.first()
    with pytest.raises(Exception, match="never updated"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE timebank_entry SET amount_minutes = 1 WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.amount_minutes in (-30, 30)


def test_the_database_refuses_to_update_a_transfer(resident_account, neighbour_account):
    transfer = gift(resident_account, neighbour_account, 30).transfer
    with pytest.raises(Exception, match="never updated"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE timebank_transfer SET minutes = 1 WHERE id = %s", [transfer.pk])
    transfer.refresh_from_db()
    assert transfer.minutes == 30


def test_the_check_names_an_account_whose_balance_drifted(
    resident_account, neighbour_account, territory, capsys
):
    gift(resident_account, neighbour_account, 30)
    Account.objects.filter(pk=neighbour_account.pk).update(balance_minutes=31)
    with pytest.raises(SystemExit) as exit_info:
        call_command("timebank", "check")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert str(neighbour_account.public_id) in err and "Karim B." in err
    assert "sum to 1 min instead of 0" in err


def test_the_check_passes_on_a_sound_ledger(resident_account, neighbour_account, capsys):
    fund(resident_account, 120)
    gift(resident_account, neighbour_account, 30)
    call_command("timebank", "check")
    assert "OK" in capsys.readouterr().out


def test_reading_a_balance_is_one_query(resident_account, neighbour_account, django_assert_num_queries):
    for _ in range(20):
        gift(resident_account, neighbour_account, 1)
    with django_assert_num_queries(1):
        assert Account.objects.get(owner=neighbour_account.owner).balance_minutes == 20


def test_the_welcome_credit_comes_from_the_pool_when_it_can(territory, resident, neighbour, referent, pool):
    TimebankSettings.objects.create(territory=territory, welcome_credit_minutes=120)
    first = services.open_account(resident)
    assert first.balance_minutes == 0  # the pool is empty
    donor = services.open_account(referent)
    services.give(giver=referent, payee=pool, minutes=180, description="", idempotency_key=uuid.uuid4())
    second = services.open_account(neighbour)
    second.refresh_from_db()
    pool.refresh_from_db()
    assert (second.balance_minutes, pool.balance_minutes) == (120, 60)
    assert services.open_account(neighbour) == second  # opening twice changes nothing
    assert donor.pk
    assert check_ledger([territory]) == []


def test_a_closed_time_bank_opens_no_account(territory, resident):
    TimebankSettings.objects.create(territory=territory, is_enabled=False)
    with pytest.raises(services.TimebankError):
        services.open_account(resident)
    assert not Account.objects.filter(owner=resident).exists()


def test_a_transfer_is_one_locking_read_and_one_write(resident_account, neighbour_account):
    """Two statements while the accounts are locked, on PostgreSQL and SQLite: the INSERT of the
    transfer, whose trigger writes both entries and both balances."""
    with CaptureQueriesContext(connection) as ctx:
        record = gift(resident_account, neighbour_account, 45).transfer
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 2, statements
    assert "FOR UPDATE" in statements[0] or connection.vendor == "sqlite"
    assert sorted(record.entries.values_list("account_id", "amount_minutes")) == sorted(
        [(resident_account.pk, -45), (neighbour_account.pk, 45)]
    )
    resident_account.refresh_from_db()
    neighbour_account.refresh_from_db()
    assert (resident_account.balance_minutes, neighbour_account.balance_minutes) == (-45, 45)
    assert Transfer.objects.get(pk=record.pk).public_id == record.public_id
    assert check_ledger([resident_account.territory]) == []
