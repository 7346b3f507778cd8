import pytest
from django.core.management import call_command

from entraide.categories import demo as categories_demo
from entraide.people import demo as people_demo
from entraide.territories import demo as territory_demo
from entraide.timebank import demo
from entraide.timebank.checks import check_ledger
from entraide.timebank.models import Account, AuditEvent, Claim, Entry, Transfer

pytestmark = pytest.mark.django_db


def state():
    return (
        Account.objects.count(),
        sorted(Account.objects.values_list("public_id", "balance_minutes")),
        Transfer.objects.count(),
        Entry.objects.count(),
        sorted(Claim.objects.values_list("public_id", "status")),
        AuditEvent.objects.count(),
    )


def load():
    territory = territory_demo.load()
    people_demo.load(territory)
    categories_demo.load(territory)
    demo.load(territory)
    return territory


def test_the_demo_time_bank_is_plausible_sound_and_idempotent(capsys):
    territory = load()
    first = state()
    assert Account.objects.filter(kind="person").count() >= 20
    assert Account.objects.get(kind="pool").balance_minutes > 0
    assert Transfer.objects.filter(kind="claim").count() >= 30
    assert Claim.objects.filter(status="pending").count() == 2
    assert Transfer.objects.filter(kind="reversal").count() == 1
    assert Transfer.objects.filter(kind="grant", payee__owner__is_assisted=True).exists()
    months = {d.replace(day=1) for d in Transfer.objects.values_list("happened_on", flat=True)}
    assert len(months) >= 3
    assert check_ledger([territory]) == []
    load()
    assert state() == first
    call_command("timebank", "check")
    assert "OK" in capsys.readouterr().out
