"""Recording help: the helper records, the receiver confirms or disputes, hours move on confirmation."""

import datetime
import uuid

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from entraide.people.models import ProxyAction
from entraide.timebank import services
from entraide.timebank.models import Account, Claim, Transfer

from .factories import ExchangeFactory

pytestmark = pytest.mark.django_db


def balances(*accounts):
    return [Account.objects.get(pk=a.pk).balance_minutes for a in accounts]


def post_claim(client, receiver_account, **changes):
    data = {
        "receiver": receiver_account.public_id,
        "minutes": "1 h 30",
        "happened_on": timezone.localdate().isoformat(),
        "description": "Courses au marché",
        "idempotency_key": str(uuid.uuid4()),
        **changes,
    }
    return client.post("/banque-du-temps/declarer/", data)


def test_the_receiver_is_told_by_email(
    client_for, resident, neighbour, resident_account, neighbour_account, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_claim(client_for(resident), neighbour_account)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [neighbour.email]
    assert "1 h 30" in mail.outbox[0].body


def test_a_helper_records_and_the_receiver_confirms(
    client_for, resident, neighbour, resident_account, neighbour_account
):
    response = post_claim(client_for(resident), neighbour_account)
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.helper, claim.receiver, claim.minutes, claim.status) == (resident, neighbour, 90, "pending")
    assert balances(resident_account, neighbour_account) == [0, 0]

    page = client_for(neighbour).get("/banque-du-temps/")
    assert "Courses au marché" in page.text
    response = client_for(neighbour).post(f"/banque-du-temps/heures/{claim.public_id}/confirmer/")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "confirmed" and claim.transfer.kind == "claim"
    assert balances(resident_account, neighbour_account) == [90, -90]
    # Confirming twice moves nothing more.
    client_for(neighbour).post(f"/banque-du-temps/heures/{claim.public_id}/confirmer/")
    assert balances(resident_account, neighbour_account) == [90, -90]


def test_only_the_receiver_answers(
    client_for, resident, neighbour, referent, resident_account, neighbour_account
):
    claim, _ = services.record_claim(
        helper=resident,
        receiver=neighbour,
        minutes=60,
        happened_on=timezone.localdate(),
        description="Jardin",
        idempotency_key=uuid.uuid4(),
    )
    for person in (resident, referent):  # the helper, and a referent for a person who is not assisted
        assert (
            client_for(person).post(f"/banque-du-temps/heures/{claim.public_id}/confirmer/").status_code
            == 404
        )
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_a_dispute_needs_a_reason_and_goes_to_the_referent(
    client_for, resident, neighbour, referent, resident_account, neighbour_account
):
    claim, _ = services.record_claim(
        helper=resident,
        receiver=neighbour,
        minutes=60,
        happened_on=timezone.localdate(),
        description="Jardin",
        idempotency_key=uuid.uuid4(),
    )
    client = client_for(neighbour)
    client.post(f"/banque-du-temps/heures/{claim.public_id}/contester/", {"reason": ""})
    claim.refresh_from_db()
    assert claim.status == "pending"
    client.post(f"/banque-du-temps/heures/{claim.public_id}/contester/", {"reason": "C'était 30 minutes"})
    claim.refresh_from_db()
    assert claim.status == "disputed"
    # The receiver cannot confirm a disputed claim by themselves any more; the referent settles it.
    desk = client_for(referent).get("/accueil/banque-du-temps/heures/")
    assert "C&#x27;était 30 minutes" in desk.text or "C'était 30 minutes" in desk.text
    client_for(referent).post(
        f"/accueil/banque-du-temps/heures/{claim.public_id}/rejeter/", {"reason": "Accord trouvé"}
    )
    claim.refresh_from_db()
    assert claim.status == "rejected"
    assert balances(resident_account, neighbour_account) == [0, 0]


def test_the_referent_confirms_for_an_assisted_person(
    client_for, resident, referent, resident_account, assisted, assisted_account
):
    claim, _ = services.record_claim(
        helper=resident,
        receiver=assisted,
        minutes=120,
        happened_on=timezone.localdate(),
        description="Visite",
        idempotency_key=uuid.uuid4(),
    )
    assert "Germaine V." in client_for(referent).get("/accueil/banque-du-temps/heures/").text
    client_for(referent).post(f"/banque-du-temps/heures/{claim.public_id}/confirmer/")
    claim.refresh_from_db()
    assert claim.status == "confirmed"
    assert claim.transfer.entered_by == referent and claim.answered_by == referent
    assert ProxyAction.objects.filter(referent=referent, person=assisted).exists()
    assert balances(resident_account, assisted_account) == [120, -120]


def test_a_helper_records_a_done_exchange_in_one_click(
    client_for, resident, neighbour, resident_account, neighbour_account
):
    exchange = ExchangeFactory(helper=resident, receiver=neighbour, duration_minutes=None)
    page = client_for(resident).get("/banque-du-temps/")
    assert 'value="1 h 30"' in page.text and "Déclarer" in page.text
    key = str(uuid.uuid4())
    url = f"/banque-du-temps/echanges/{exchange.public_id}/declarer/"
    assert client_for(resident).post(url, {"idempotency_key": key}).status_code == 302
    assert client_for(resident).post(url, {"idempotency_key": key}).status_code == 302
    claim = Claim.objects.get()
    assert (claim.exchange, claim.minutes) == (exchange, 90)
    assert str(exchange.public_id) not in client_for(resident).get("/banque-du-temps/").text
    # The same exchange cannot be recorded twice with another form.
    client_for(resident).post(url, {"idempotency_key": str(uuid.uuid4())})
    assert Claim.objects.count() == 1


def test_the_helper_can_change_the_duration_before_recording(
    client_for, resident, neighbour, resident_account, neighbour_account
):
    exchange = ExchangeFactory(helper=resident, receiver=neighbour, duration_minutes=None)
    url = f"/banque-du-temps/echanges/{exchange.public_id}/declarer/"
    client = client_for(resident)
    client.post(url, {"idempotency_key": str(uuid.uuid4()), "minutes": "pas une durée"})
    assert not Claim.objects.exists()
    client.post(url, {"idempotency_key": str(uuid.uuid4()), "minutes": "45 min"})
    assert Claim.objects.get().minutes == 45


def test_exchanges_with_someone_outside_the_time_bank_are_not_offered(
    client_for, resident, neighbour, resident_account
):
    exchange = ExchangeFactory(helper=resident, receiver=neighbour)
    assert str(exchange.public_id) not in client_for(resident).get("/banque-du-temps/").text


def test_only_the_helper_records_an_exchange(
    client_for, resident, neighbour, resident_account, neighbour_account
):
    exchange = ExchangeFactory(helper=resident, receiver=neighbour)
    url = f"/banque-du-temps/echanges/{exchange.public_id}/declarer/"
    assert client_for(neighbour).post(url, {"idempotency_key": str(uuid.uuid4())}).status_code == 404
    assert not Claim.objects.exists()


def test_unanswered_help_is_reminded_then_confirmed(
    resident, neighbour, resident_account, neighbour_account, territory, django_capture_on_commit_callbacks
):
    claim, _ = services.record_claim(
        helper=resident,
        receiver=neighbour,
        minutes=60,
        happened_on=timezone.localdate(),
        description="Jardin",
        idempotency_key=uuid.uuid4(),
    )
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("timebank", "confirm-due")
    claim.refresh_from_db()
    assert claim.status == "pending" and claim.reminded_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [neighbour.email]
    # Not yet: the delay after the reminder is not over.
    services.remind_and_confirm_due(territory, now=timezone.now() + datetime.timedelta(days=13))
    claim.refresh_from_db()
    assert claim.status == "pending"
    services.remind_and_confirm_due(territory, now=timezone.now() + datetime.timedelta(days=15))
    claim.refresh_from_db()
    assert claim.status == "confirmed" and claim.answered_by is None
    assert balances(resident_account, neighbour_account) == [60, -60]
    assert len(mail.outbox) == 1


def test_a_disputed_claim_is_never_confirmed_automatically(
    resident, neighbour, resident_account, neighbour_account, territory
):
    claim, _ = services.record_claim(
        helper=resident,
        receiver=neighbour,
        minutes=60,
        happened_on=timezone.localdate(),
        description="Jardin",
        idempotency_key=uuid.uuid4(),
    )
    services.dispute_claim(claim, by=neighbour, reason="Pas moi")
    later = timezone.now() + datetime.timedelta(days=60)
    services.remind_and_confirm_due(territory, now=later)
    services.remind_and_confirm_due(territory, now=later + datetime.timedelta(days=30))
    claim.refresh_from_db()
    assert claim.status == "disputed"
    assert not Transfer.objects.exists()


def test_a_disputed_claim_is_settled_by_the_referent_not_by_either_party(
    client_for, resident, neighbour, referent, resident_account, neighbour_account
):
    claim, _ = services.record_claim(
        helper=resident,
        receiver=neighbour,
        minutes=60,
        happened_on=timezone.localdate(),
        description="Jardin",
        idempotency_key=uuid.uuid4(),
    )
    services.dispute_claim(claim, by=neighbour, reason="Plutôt 30 minutes")
    for person in (neighbour, resident):
        assert (
            client_for(person).post(f"/banque-du-temps/heures/{claim.public_id}/confirmer/").status_code
            == 404
        )
    client = client_for(referent)
    assert client.post(f"/banque-du-temps/heures/{claim.public_id}/confirmer/").status_code == 404
    claim.refresh_from_db()
    assert claim.status == "disputed"  # not by the plain confirmation: settled with a reason
    client.post(
        f"/accueil/banque-du-temps/heures/{claim.public_id}/regler/",
        {"minutes": "1 h", "reason": "Vu avec les deux : une heure"},
    )
    claim.refresh_from_db()
    assert claim.status == "confirmed" and claim.answered_by == referent
    assert balances(resident_account, neighbour_account) == [60, -60]


def test_a_referent_does_not_settle_a_dispute_about_their_own_help(
    client_for, referent, neighbour, neighbour_account
):
    from .factories import AccountFactory

    AccountFactory(owner=referent)
    claim, _ = services.record_claim(
        helper=referent,
        receiver=neighbour,
        minutes=60,
        happened_on=timezone.localdate(),
        description="Jardin",
        idempotency_key=uuid.uuid4(),
    )
    services.dispute_claim(claim, by=neighbour, reason="Non")
    client = client_for(referent)
    assert client.post(f"/banque-du-temps/heures/{claim.public_id}/confirmer/").status_code == 404
    assert (
        client.post(
            f"/accueil/banque-du-temps/heures/{claim.public_id}/rejeter/", {"reason": "x"}
        ).status_code
        == 404
    )
    claim.refresh_from_db()
    assert claim.status == "disputed"


def test_help_between_communes_of_the_territory_works_like_any_other(
    client_for, resident, resident_account, territory
):
    from ..factories import CommuneFactory, UserFactory
    from .factories import AccountFactory

    elsewhere = UserFactory(commune=CommuneFactory(territory=territory, name="Rabastens", insee_code="81220"))
    account = AccountFactory(owner=elsewhere)
    claim, _ = services.record_claim(
        helper=resident,
        receiver=elsewhere,
        minutes=45,
        happened_on=timezone.localdate(),
        description="Covoiturage",
        idempotency_key=uuid.uuid4(),
    )
    assert (
        client_for(elsewhere).post(f"/banque-du-temps/heures/{claim.public_id}/confirmer/").status_code == 302
    )
    assert balances(resident_account, account) == [45, -45]
