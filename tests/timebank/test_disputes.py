"""A dispute goes to its end (issue 9 item 3): the referent settles it for another duration with a
reason, or rejects it; both people are told at each step and both see the claim's history."""

import datetime
import uuid
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from entraide.core import emails
from entraide.people.models import ProxyAction
from entraide.timebank import services
from entraide.timebank.checks import check_ledger
from entraide.timebank.models import Account, AuditEvent, Claim, TimebankSettings, Transfer

from ..factories import CommuneFactory, RoleFactory, UserFactory
from .factories import AccountFactory

pytestmark = pytest.mark.django_db

FIVE_HOURS = 5 * 60
DISPUTE = "45 minutes, pas 5 heures"


def balances(*accounts):
    return [Account.objects.get(pk=a.pk).balance_minutes for a in accounts]


def record(helper, receiver, minutes=FIVE_HOURS):
    claim, _created = services.record_claim(
        helper=helper,
        receiver=receiver,
        minutes=minutes,
        happened_on=timezone.localdate() - datetime.timedelta(days=1),
        description="Déménagement d'un buffet",
        idempotency_key=uuid.uuid4(),
    )
    return claim


@pytest.fixture
def disputed(resident, neighbour, resident_account, neighbour_account):
    """Sophie L. (resident) says she helped Karim B. (neighbour) for 5 h; he says 45 minutes."""
    claim = record(resident, neighbour)
    services.dispute_claim(claim, by=neighbour, reason=DISPUTE)
    mail.outbox.clear()
    return Claim.objects.get(pk=claim.pk)


def settle(client, claim, minutes="45 min", reason="Vu avec les deux : 45 minutes"):
    return client.post(
        f"/accueil/banque-du-temps/heures/{claim.public_id}/regler/", {"minutes": minutes, "reason": reason}
    )


@pytest.fixture
def other_referent(territory):
    loupiac = CommuneFactory(territory=territory, name="Loupiac", insee_code="81147")
    user = UserFactory(commune=loupiac, display_name="Louise Référente")
    RoleFactory(user=user, kind="referent", commune=loupiac)
    return user


# Settling for another duration.


def test_the_referent_settles_for_another_duration_with_a_reason(
    client_for, disputed, referent, resident_account, neighbour_account, territory
):
    response = settle(client_for(referent), disputed)
    assert response.status_code == 302
    claim = Claim.objects.get(pk=disputed.pk)
    assert (claim.status, claim.minutes, claim.settled_minutes) == ("confirmed", FIVE_HOURS, 45)
    assert claim.decision_reason == "Vu avec les deux : 45 minutes" and claim.answered_by == referent
    assert claim.transfer.minutes == 45 and claim.transfer.entered_by == referent
    assert balances(resident_account, neighbour_account) == [45, -45]
    assert AuditEvent.objects.filter(action="claim_settled", claim=claim, actor=referent).exists()
    assert check_ledger([territory]) == []


def test_settling_twice_moves_the_hours_once(client_for, disputed, referent, resident_account):
    settle(client_for(referent), disputed)
    response = settle(client_for(referent), disputed, minutes="1 h")
    assert response.status_code == 400 and "déjà" in response.text
    assert Transfer.objects.count() == 1 and balances(resident_account) == [45]


@pytest.mark.parametrize(
    ("minutes", "reason", "message"),
    [
        ("6 h", "Trop", "au plus les 5 h enregistrées"),
        ("45 min", "", "Ce champ est obligatoire"),
        ("45", "Sans unité", "Précisez l’unité"),
    ],
)
def test_it_refuses_a_bad_settlement_in_french_and_writes_nothing(
    client_for, disputed, referent, minutes, reason, message
):
    events = AuditEvent.objects.count()
    response = settle(client_for(referent), disputed, minutes=minutes, reason=reason)
    assert response.status_code == 400 and message in response.text
    # The form comes back on the claim's page, with its history.
    assert DISPUTE in response.text
    assert Claim.objects.get(pk=disputed.pk).status == "disputed"
    assert not Transfer.objects.exists() and AuditEvent.objects.count() == events
    assert not mail.outbox


def test_a_settlement_obeys_the_limits_and_writes_nothing_when_refused(
    client_for, disputed, referent, territory
):
    TimebankSettings.objects.create(territory=territory, floor_minutes=-30, ceiling_minutes=40 * 60)
    response = settle(client_for(referent), disputed)
    assert response.status_code == 400 and "sous le solde minimal autorisé" in response.text
    assert Claim.objects.get(pk=disputed.pk).status == "disputed" and not Transfer.objects.exists()
    assert not AuditEvent.objects.filter(action="claim_settled").exists() and not mail.outbox


def test_a_closed_time_bank_settles_nothing(client_for, disputed, referent, territory):
    TimebankSettings.objects.create(territory=territory, is_enabled=False)
    response = settle(client_for(referent), disputed)
    assert response.status_code == 400 and "fermée" in response.text
    assert Claim.objects.get(pk=disputed.pk).status == "disputed" and not Transfer.objects.exists()


def test_a_party_never_settles_their_own_dispute(resident, referent, neighbour_account, client_for):
    AccountFactory(owner=referent)
    claim = record(referent, neighbour_account.owner, 60)
    services.dispute_claim(claim, by=neighbour_account.owner, reason="Non")
    assert settle(client_for(referent), claim).status_code == 404
    with pytest.raises(services.TimebankError):
        services.settle_claim(claim, referent=referent, minutes=30, reason="Moi")
    assert not Transfer.objects.exists()


@pytest.mark.parametrize("persona", ["resident", "neighbour", "other_referent", "coordinator"])
def test_only_a_referent_of_the_commune_settles(request, client_for, disputed, persona):
    user = request.getfixturevalue(persona)
    assert settle(client_for(user), disputed).status_code in (403, 404)
    assert not Transfer.objects.exists()


# Rejection: the helper sees the referent's reason.


def test_after_a_rejection_the_helper_sees_the_referents_reason(client_for, disputed, resident, referent):
    client_for(referent).post(
        f"/accueil/banque-du-temps/heures/{disputed.public_id}/rejeter/",
        {"reason": "Aucun déménagement ce jour-là"},
    )
    claim = Claim.objects.get(pk=disputed.pk)
    assert claim.status == "rejected" and claim.decision_reason == "Aucun déménagement ce jour-là"
    page = client_for(resident).get("/banque-du-temps/").text
    mine = page.split("Heures déclarées", 1)[1]
    assert "Aucun déménagement ce jour-là" in mine and "Refusée par le ou la référent·e" in mine


# Both people see where it stands and its history.


def test_the_disputed_claim_stays_on_the_disputers_page(client_for, disputed, neighbour):
    page = client_for(neighbour).get("/banque-du-temps/").text
    assert "Contestée" in page and DISPUTE in page
    assert disputed.get_absolute_url() in page


@pytest.mark.parametrize("persona", ["resident", "neighbour", "referent"])
def test_both_people_and_the_referent_see_the_whole_history(request, client_for, disputed, referent, persona):
    settle(client_for(referent), disputed, reason="Vu avec les deux")
    page = client_for(request.getfixturevalue(persona)).get(disputed.get_absolute_url())
    assert page.status_code == 200
    history = page.text.split('class="claim-history"', 1)[1].split("</ol>", 1)[0]
    steps = [
        "Enregistrée par Sophie L.",
        f"Contestée par Karim B.\xa0: «\xa0{DISPUTE}\xa0»",
        "Réglée par Anne Référente, référent·e\xa0: transfert de 45 min\xa0: «\xa0Vu avec les deux\xa0»",
    ]
    positions = [history.find(step) for step in steps]
    assert -1 not in positions and positions == sorted(positions), history
    assert history.count("<time") == 3
    assert "réglée par le ou la référent·e pour 45 min" in page.text


@pytest.mark.parametrize("persona", ["outsider", "other_referent", "coordinator"])
def test_nobody_else_reads_a_claims_history(request, client_for, disputed, persona, other_territory):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(disputed.get_absolute_url()).status_code == 404
    third = UserFactory(commune=disputed.helper.commune)
    assert client_for(third).get(disputed.get_absolute_url()).status_code == 404


# Emails at each step.


def _bodies_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_a_dispute_is_told_to_both_people_and_the_referent(
    client_for, resident, neighbour, referent, resident_account, neighbour_account
):
    claim = record(resident, neighbour)
    mail.outbox.clear()
    client_for(neighbour).post(f"/banque-du-temps/heures/{claim.public_id}/contester/", {"reason": DISPUTE})
    assert sorted(m.to[0] for m in mail.outbox) == sorted([resident.email, neighbour.email, referent.email])
    for message in mail.outbox:
        assert "Karim B." in message.subject and DISPUTE in message.body
        link = emails.absolute_url(claim.territory, claim.get_absolute_url())
        assert link in message.body and urlsplit(link).netloc == "a.example.org"


def test_a_settlement_is_told_to_both_people_with_the_duration_and_reason(
    client_for, disputed, resident, neighbour, referent
):
    settle(client_for(referent), disputed, reason="Vu avec les deux")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([resident.email, neighbour.email])
    for message in mail.outbox:
        assert "Contestation réglée" in message.subject and "45 min d’aide" in message.subject
        assert "Vu avec les deux" in message.body and "Anne Référente" in message.body
        assert "&#x27;" not in message.body and "Déménagement d'un buffet" in message.body


def test_a_rejection_is_told_to_both_people_with_the_reason(
    client_for, disputed, resident, neighbour, referent
):
    client_for(referent).post(
        f"/accueil/banque-du-temps/heures/{disputed.public_id}/rejeter/", {"reason": "Pas ce jour-là"}
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([resident.email, neighbour.email])
    assert all("Pas ce jour-là" in m.body and "refusée" in m.subject for m in mail.outbox)


def test_a_refused_step_sends_nothing(client_for, disputed, referent):
    client_for(referent).post(
        f"/accueil/banque-du-temps/heures/{disputed.public_id}/rejeter/", {"reason": ""}
    )
    assert not mail.outbox


def test_for_an_assisted_person_the_referent_is_told_and_a_proxy_action_recorded(
    client_for, resident, referent, resident_account, assisted, assisted_account
):
    fund = AccountFactory(owner__commune=assisted.commune)
    services.give(
        giver=fund.owner, payee=assisted_account, minutes=60, description="", idempotency_key=uuid.uuid4()
    )
    claim = record(resident, assisted, 120)
    mail.outbox.clear()
    # The referent disputes for Germaine: the other referent settles… here the administrator.
    services.dispute_claim(claim, by=referent, entered_by=referent, reason="Une heure seulement")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([resident.email, referent.email])
    admin = UserFactory(commune=assisted.commune, display_name="Admin")
    RoleFactory(user=admin, kind="administrator", commune=None)
    mail.outbox.clear()
    services.settle_claim(claim, referent=admin, minutes=60, reason="Une heure, vu avec Germaine")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([resident.email, referent.email])
    assert ProxyAction.objects.filter(person=assisted, referent=admin).exists()


# The desk.


def test_the_desk_lists_disputes_apart_with_their_reason(client_for, disputed, referent):
    page = client_for(referent).get("/accueil/banque-du-temps/heures/").text
    disputes = page.split('id="disputes-title"', 1)[1].split('id="waiting-title"', 1)[0]
    assert DISPUTE in disputes and 'value="5 h"' in disputes
    assert f'id="minutes-{disputed.public_id}"' in disputes
