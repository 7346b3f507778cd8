"""The time bank's part of a person's export and erasure (RGPD)."""

import uuid

import pytest
from django.utils import timezone

from entraide.people.services import erase_person, export_personal_data
from entraide.timebank import services
from entraide.timebank.checks import check_ledger
from entraide.timebank.models import Account, AuditEvent, Claim, Transfer

from .factories import fund

pytestmark = pytest.mark.django_db


def record(helper, receiver, description, minutes=60):
    claim, _ = services.record_claim(
        helper=helper,
        receiver=receiver,
        minutes=minutes,
        happened_on=timezone.localdate(),
        description=description,
        idempotency_key=uuid.uuid4(),
    )
    return claim


@pytest.fixture
def history(resident, neighbour, resident_account, neighbour_account):
    fund(neighbour_account, 120, from_account=resident_account)
    services.give(
        giver=neighbour,
        payee=resident_account,
        minutes=15,
        description="Merci pour tout",
        idempotency_key=uuid.uuid4(),
    )
    confirmed = record(neighbour, resident, "Courses du jeudi")
    services.confirm_claim(confirmed, by=resident)
    disputed = record(resident, neighbour, "Taille de la haie")
    services.dispute_claim(disputed, by=neighbour, reason="Je n’étais pas là ce jour-là")
    pending = record(neighbour, resident, "Réglage du téléphone", 30)
    return {"confirmed": confirmed, "disputed": disputed, "pending": pending}


def test_the_export_holds_the_account_transfers_claims_and_log(neighbour, history):
    data = export_personal_data(neighbour)["timebank"]
    assert data["account"]["balance_minutes"] == 120 - 15 + 60
    assert len(data["transfers"]) == 3
    assert {c["description"] for c in data["claims"]} == {
        "Courses du jeudi",
        "Taille de la haie",
        "Réglage du téléphone",
    }
    assert any(c["dispute_reason"] == "Je n’étais pas là ce jour-là" for c in data["claims"])
    assert any(e["detail"] == "Je n’étais pas là ce jour-là" for e in data["log"])


def test_erasure_keeps_the_ledger_exact_and_erases_their_texts(
    neighbour, neighbour_account, territory, history
):
    erase_person(neighbour)
    account = Account.objects.get(pk=neighbour_account.pk)
    assert account.is_frozen and account.balance_minutes == 165
    pending = Claim.objects.get(pk=history["pending"].pk)
    assert pending.status == "cancelled"
    texts = " ".join(Claim.objects.values_list("description", flat=True)) + " ".join(
        Claim.objects.values_list("dispute_reason", flat=True)
    )
    assert "Courses du jeudi" not in texts and "Je n’étais pas là" not in texts
    assert "Taille de la haie" in texts  # written by the other person
    descriptions = " ".join(Transfer.objects.values_list("description", flat=True))
    assert "Merci pour tout" not in descriptions and "Courses du jeudi" not in descriptions
    log = " ".join(AuditEvent.objects.values_list("detail", flat=True))
    assert "Je n’étais pas là" not in log and "Karim B." not in log
    assert AuditEvent.objects.filter(action="erased", account=account).exists()
    assert check_ledger([territory]) == []


def test_the_database_lets_erasure_blank_a_description_and_nothing_else(resident_account, neighbour_account):
    from django.db import DatabaseError, connection, transaction

    record = services.give(
        giver=resident_account.owner,
        payee=neighbour_account,
        minutes=5,
        description="Merci",
        idempotency_key=uuid.uuid4(),
    ).transfer
    for change in ("description = 'Autre'", "description = '', minutes = 1", "minutes = 1"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE timebank_transfer SET {change} WHERE id = %s", [record.pk])  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("UPDATE timebank_transfer SET description = '' WHERE id = %s", [record.pk])
    record = Transfer.objects.get(pk=record.pk)
    assert (record.description, record.minutes) == ("", 5)
