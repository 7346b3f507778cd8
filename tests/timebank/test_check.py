"""`entraide timebank check` names every broken rule: each test builds the broken state directly
in the database (services bypassed, triggers lifted where needed) and runs the command."""

import datetime
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from entraide.timebank import services
from entraide.timebank.checks import RULES, check_ledger
from entraide.timebank.models import Account, AuditEvent, Claim

from .factories import AccountFactory, fund
from .ledger_db import bare_transfer, drop_constraint, triggers_off

pytestmark = pytest.mark.django_db

TESTED = set()


def broken(rule):
    """Mark a test as one for `rule`; a last test checks that every rule has one."""
    TESTED.add(rule)
    return lambda test: test


def check_names(rule, *words, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("timebank", "check")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    faulty = [line for line in err.splitlines() if f"] {rule}:" in line]
    assert faulty, err
    for word in words:
        assert any(str(word) in line for line in faulty), (word, err)
    assert "rules broken: " in err and rule in err.splitlines()[-1]


def claim_row(helper, receiver, minutes=60, **fields):
    return Claim.objects.create(
        territory=helper.territory,
        helper=helper,
        receiver=receiver,
        minutes=minutes,
        happened_on=fields.pop("happened_on", timezone.localdate()),
        description="Aide",
        idempotency_key=uuid.uuid4(),
        **fields,
    )


@pytest.fixture
def a(resident_account):
    return resident_account


@pytest.fixture
def b(neighbour_account):
    return neighbour_account


@broken("balance")
def test_a_stored_balance_that_drifted(a, b, capsys):
    fund(b, 30, from_account=a)
    Account.objects.filter(pk=b.pk).update(balance_minutes=31)
    check_names("balance", b.public_id, "Karim B.", capsys=capsys)


@broken("entries")
@pytest.mark.parametrize("entries", ["none", "one", "other account", "wrong amount"])
def test_a_transfer_without_its_two_entries(a, b, capsys, entries):
    c = AccountFactory(owner__commune=a.owner.commune)
    with triggers_off():
        record = bare_transfer(
            a,
            b,
            30,
            entries={
                "none": [],
                "one": [(a, -30)],
                "other account": [(a, -30), (c, 30)],
                "wrong amount": [(a, -30), (b, 29), (c, 1)],
            }[entries],
        )
    check_names("entries", record.public_id, capsys=capsys)


@broken("entries")
def test_a_transfer_to_the_same_account(a, capsys):
    drop_constraint("timebank_transfer", "timebank_transfer_two_accounts")
    with triggers_off():
        record = bare_transfer(a, a, 30, entries=[])
    check_names("entries", record.public_id, capsys=capsys)


@broken("territory")
def test_a_transfer_across_territories(a, outsider, capsys):
    foreign = AccountFactory(owner=outsider)
    with triggers_off():
        record = bare_transfer(a, foreign, 30)
    check_names("territory", record.public_id, capsys=capsys)


@broken("zero-sum")
def test_entries_that_do_not_sum_to_zero(a, b, capsys):
    with triggers_off():
        record = bare_transfer(a, b, 30, entries=[(a, -30)])
    assert record.pk
    check_names("zero-sum", "entries sum to -30", capsys=capsys)


@broken("reversal")
@pytest.mark.parametrize("fault", ["not swapped", "other minutes", "of a reversal"])
def test_a_reversal_that_does_not_give_back_its_original(a, b, referent, capsys, fault):
    fund(a, 120, from_account=AccountFactory(owner__commune=a.owner.commune))
    original = bare_transfer(a, b, 30)
    if fault == "of a reversal":
        first = services.reverse(
            original=original, by=referent, reason="x", idempotency_key=uuid.uuid4()
        ).transfer
        record = bare_transfer(a, b, 30, kind="reversal", reverses=first, reason="y")
    elif fault == "not swapped":
        record = bare_transfer(a, b, 30, kind="reversal", reverses=original, reason="y")
    else:
        record = bare_transfer(b, a, 20, kind="reversal", reverses=original, reason="y")
    check_names("reversal", record.public_id, capsys=capsys)


@broken("claim-transfer")
def test_a_claim_confirmed_by_another_transfer(a, b, resident, neighbour, capsys):
    pretend = bare_transfer(b, a, 1, kind="claim")
    claim = claim_row(resident, neighbour, 360, status="confirmed", transfer=pretend)
    check_names("claim-transfer", claim.public_id, capsys=capsys)


@broken("claim-transfer")
def test_a_settled_claim_paid_its_recorded_minutes_instead_of_the_settled_ones(
    a, b, resident, neighbour, capsys
):
    """A referent settled "5 h" for 45 min: 45 min must move, not the 5 h recorded."""
    recorded = bare_transfer(b, a, 300, kind="claim")
    claim = claim_row(resident, neighbour, 300, status="confirmed", transfer=recorded, settled_minutes=45)
    check_names("claim-transfer", claim.public_id, "settled for 45 min", capsys=capsys)


def test_a_claim_settled_for_fewer_minutes_is_in_order(a, b, resident, neighbour, referent, territory):
    claim = claim_row(resident, neighbour, 300)
    services.dispute_claim(claim, by=neighbour, reason="45 minutes, pas 5 heures")
    services.settle_claim(claim, referent=referent, minutes=45, reason="Vu avec les deux")
    assert Account.objects.get(pk=a.pk).balance_minutes == 45
    assert check_ledger([territory]) == []


@broken("claim-without-transfer")
def test_a_claim_confirmed_while_no_hours_moved(a, b, resident, neighbour, capsys):
    drop_constraint("timebank_claim", "timebank_claim_confirmed_iff_transfer")
    with triggers_off():
        claim = claim_row(resident, neighbour, status="confirmed")
    check_names("claim-without-transfer", claim.public_id, capsys=capsys)


@broken("transfer-without-claim")
def test_help_confirmed_of_no_claim(a, b, capsys):
    record = bare_transfer(b, a, 60, kind="claim")
    check_names("transfer-without-claim", record.public_id, capsys=capsys)


@broken("confirmed-disputed")
def test_a_confirmed_claim_that_carries_a_dispute(a, b, resident, neighbour, capsys):
    record = bare_transfer(b, a, 60, kind="claim")
    claim = claim_row(resident, neighbour, status="confirmed", transfer=record, dispute_reason="Pas moi")
    check_names("confirmed-disputed", claim.public_id, capsys=capsys)


@broken("party")
def test_a_movement_entered_by_one_of_its_parties(a, b, referent, resident, capsys):
    own = AccountFactory(owner=referent)
    record = bare_transfer(b, own, 60, kind="paper", entered_by=referent)
    claim = claim_row(resident, referent, answered_by=resident)
    check_names("party", record.public_id, claim.public_id, capsys=capsys)


@broken("limits")
def test_a_balance_below_the_floor_without_an_exception(a, b, capsys):
    bare_transfer(a, b, 11 * 60)
    check_names("limits", a.public_id, "below the floor", capsys=capsys)


def test_a_balance_outside_the_limits_on_a_logged_exception_is_listed_not_a_fault(a, b, referent, capsys):
    record = bare_transfer(a, b, 11 * 60)
    AuditEvent.objects.create(
        territory=a.territory, action="limit_exception", actor=referent, account=a, transfer=record
    )
    call_command("timebank", "check")
    out = capsys.readouterr().out
    assert "allowed exception" in out and str(a.public_id) in out and "OK" in out


@broken("pool")
def test_a_pool_below_zero(a, pool, capsys):
    drop_constraint("timebank_account", "timebank_pool_never_negative")
    with triggers_off():
        bare_transfer(pool, a, 60, kind="grant", reason="x")
    check_names("pool", "-60", capsys=capsys)


@broken("frozen")
def test_hours_moved_out_of_a_frozen_account(a, b, referent, capsys):
    services.set_frozen(a, by=referent, frozen=True, reason="Contrôle")
    AuditEvent.objects.filter(action="frozen").update(
        created_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    record = bare_transfer(a, b, 30)
    check_names("frozen", record.public_id, capsys=capsys)


@broken("erased")
def test_hours_moved_and_help_recorded_after_erasure(a, b, resident, neighbour, capsys):
    from entraide.people.services import erase_person

    erase_person(neighbour)
    AuditEvent.objects.filter(action="erased").update(
        created_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    Account.objects.filter(pk=b.pk).update(is_frozen=False, frozen_reason="")
    record = bare_transfer(a, b, 30)
    claim = claim_row(resident, neighbour)
    check_names("erased", record.public_id, claim.public_id, capsys=capsys)


@broken("future")
def test_a_date_in_the_future(a, b, resident, neighbour, capsys):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    record = bare_transfer(a, b, 30, happened_on=tomorrow)
    claim = claim_row(resident, neighbour, happened_on=tomorrow)
    check_names("future", record.public_id, claim.public_id, capsys=capsys)


@broken("day-cap")
def test_more_than_24_hours_of_help_in_a_day(a, b, resident, neighbour, assisted, assisted_account, capsys):
    claim_row(resident, neighbour, 24 * 60)
    claim_row(resident, assisted, 60)
    check_names("day-cap", f"person {resident.pk}", capsys=capsys)


@broken("welcome")
def test_two_welcome_credits_or_one_not_from_the_pool(a, b, pool, capsys):
    fund(pool, 600)
    bare_transfer(pool, a, 60, kind="welcome")
    bare_transfer(pool, a, 60, kind="welcome")
    odd = bare_transfer(b, AccountFactory(owner__commune=a.owner.commune), 60, kind="welcome")
    check_names("welcome", a.public_id, odd.public_id, capsys=capsys)


@broken("owner-territory")
def test_an_account_whose_owner_lives_elsewhere(a, outsider, capsys):
    stray = Account.objects.create(territory=a.territory, owner=outsider)
    check_names("owner-territory", stray.public_id, capsys=capsys)


def test_every_rule_of_the_check_has_a_test():
    assert set(RULES) == TESTED


def test_the_check_passes_on_a_sound_ledger_with_every_kind_of_movement(
    a, b, referent, resident, neighbour, assisted, assisted_account, pool, territory
):
    fund(a, 300, from_account=AccountFactory(owner__commune=a.owner.commune))
    services.give(giver=resident, payee=pool, minutes=120, description="", idempotency_key=uuid.uuid4())
    services.grant_from_pool(
        referent=referent, payee=assisted_account, minutes=60, reason="x", idempotency_key=uuid.uuid4()
    )
    claim, _ = services.record_claim(
        helper=resident,
        receiver=neighbour,
        minutes=45,
        happened_on=timezone.localdate(),
        description="x",
        idempotency_key=uuid.uuid4(),
    )
    services.confirm_claim(claim, by=neighbour)
    gift = services.give(giver=neighbour, payee=a, minutes=10, description="", idempotency_key=uuid.uuid4())
    services.reverse(original=gift.transfer, by=referent, reason="Erreur", idempotency_key=uuid.uuid4())
    assert check_ledger([territory]) == []
