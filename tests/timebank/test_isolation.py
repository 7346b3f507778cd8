"""Logged into territory A, nothing of the time bank of territory B can be read or changed."""

import uuid

import pytest
from django.utils import timezone

from entraide.timebank import services
from entraide.timebank.models import Account, Claim, Transfer

from ..factories import CommuneFactory, UserFactory
from .factories import AccountFactory, ExchangeFactory, fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def b_ledger(other_territory):
    commune = CommuneFactory(territory=other_territory, insee_code="81004", name="Albi")
    helper = UserFactory(commune=commune, display_name="Bénédicte B")
    receiver = UserFactory(commune=commune, display_name="Bruno B", assisted=True)
    helper_account, receiver_account = AccountFactory(owner=helper), AccountFactory(owner=receiver)
    fund(helper_account, 60, from_account=receiver_account)
    claim, _ = services.record_claim(
        helper=helper,
        receiver=receiver,
        minutes=30,
        happened_on=timezone.localdate(),
        description="Aide B",
        idempotency_key=uuid.uuid4(),
    )
    exchange = ExchangeFactory(helper=helper, receiver=UserFactory(commune=commune))
    return {
        "account": helper_account,
        "claim": claim,
        "transfer": Transfer.objects.get(),
        "exchange": exchange,
    }


def test_a_referent_of_a_cannot_reach_b_time_accounts(client_for, referent, b_ledger):
    client = client_for(referent)
    account = b_ledger["account"]
    for url in (
        f"/accueil/banque-du-temps/comptes/{account.public_id}/",
        f"/accueil/banque-du-temps/comptes/{account.public_id}/releve.pdf",
        f"/accueil/banque-du-temps/comptes/{account.public_id}/releve.csv",
        f"/accueil/banque-du-temps/transferts/{b_ledger['transfer'].public_id}/annuler/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/accueil/banque-du-temps/comptes/{account.public_id}/gel/", {"reason": "x"}).status_code
        == 404
    )
    assert (
        client.post(
            f"/accueil/banque-du-temps/transferts/{b_ledger['transfer'].public_id}/annuler/",
            {"reason": "x", "idempotency_key": str(uuid.uuid4())},
        ).status_code
        == 404
    )
    assert "Bénédicte" not in client.get("/accueil/banque-du-temps/").text
    assert "Bénédicte" not in client.get("/accueil/banque-du-temps/comptes.csv").getvalue().decode()
    account.refresh_from_db()
    assert not account.is_frozen and Transfer.objects.count() == 1


def test_a_referent_of_a_cannot_answer_b_claims(client_for, referent, administrator, b_ledger):
    claim = b_ledger["claim"]
    for person in (referent, administrator):
        client = client_for(person)
        assert client.post(f"/banque-du-temps/heures/{claim.public_id}/confirmer/").status_code == 404
        assert (
            client.post(f"/banque-du-temps/heures/{claim.public_id}/contester/", {"reason": "x"}).status_code
            == 404
        )
        assert (
            client.post(
                f"/accueil/banque-du-temps/heures/{claim.public_id}/rejeter/", {"reason": "x"}
            ).status_code
            == 404
        )
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_a_resident_of_a_cannot_record_b_exchanges(client_for, resident, resident_account, b_ledger):
    url = f"/banque-du-temps/echanges/{b_ledger['exchange'].public_id}/declarer/"
    assert client_for(resident).post(url, {"idempotency_key": str(uuid.uuid4())}).status_code == 404
    assert Claim.objects.count() == 1


@pytest.mark.parametrize("key", ["1", "not-a-uuid", str(uuid.uuid4())])
def test_guessed_keys_are_404(client_for, referent, key):
    assert client_for(referent).get(f"/accueil/banque-du-temps/comptes/{key}/").status_code == 404


def test_figures_of_a_do_not_count_b(territory, b_ledger):
    from entraide.timebank.figures import evaluation_figures

    assert evaluation_figures(territory, public=False).people == 0
    assert Account.objects.in_territory(territory).count() == 0
