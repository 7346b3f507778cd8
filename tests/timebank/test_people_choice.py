"""The claim and gift forms stay small however many people joined the time bank."""

import uuid

import pytest

from entraide.timebank.models import Account

from ..factories import UserFactory
from .factories import AccountFactory, ExchangeFactory, fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(commune):
    return [
        AccountFactory(owner=UserFactory(commune=commune, display_name=f"Membre {i:03d}")) for i in range(60)
    ]


def test_the_claim_form_offers_the_people_one_exchanged_with(client_for, resident, resident_account, members):
    partner = members[7].owner
    ExchangeFactory(helper=resident, receiver=partner)
    page = client_for(resident).get("/banque-du-temps/declarer/").text
    assert "Membre 007" in page
    assert "Membre 008" not in page
    assert page.count("<option") <= 30 + 2  # the people shown, the empty choice, the categories aside


def test_a_search_finds_anyone_in_the_time_bank(client_for, resident, resident_account, members):
    page = client_for(resident).get("/banque-du-temps/declarer/?qui=membre 04").text
    assert "Membre 041" in page and "Membre 007" not in page


def test_any_member_is_accepted_even_if_not_listed(client_for, resident, resident_account, members):
    from entraide.timebank.models import Claim

    stranger = members[50]
    response = client_for(resident).post(
        "/banque-du-temps/declarer/",
        {
            "receiver": stranger.public_id,
            "minutes": "1 h",
            "happened_on": "",
            "description": "Courses",
            "idempotency_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code in (200, 400)  # the date is missing: the form comes back…
    assert f'value="{stranger.public_id}" selected' in response.text  # …with the person still chosen
    assert not Claim.objects.exists()


def test_the_gift_form_offers_the_pool_first_without_choosing_it(
    client_for, resident, resident_account, members, pool
):
    """Issue 9 item 7: "Give hours" chooses nobody; "Donate to the pool" chooses the pool."""
    fund(resident_account, 60)
    page = client_for(resident).get("/banque-du-temps/donner/").text
    select = page.split('name="payee"', 1)[1].split("</select>", 1)[0]
    empty, first_option = select.split("<option", 3)[1:3]
    assert 'value="" selected' in empty and "Choisir…" in empty
    assert "solidarité" in first_option.lower() and "selected" not in first_option
    donate = client_for(resident).get("/banque-du-temps/donner/?fonds=1").text
    select = donate.split('name="payee"', 1)[1].split("</select>", 1)[0]
    assert f'value="{pool.public_id}" selected' in select


def test_a_gift_without_a_person_chosen_is_refused_in_french(client_for, resident, resident_account, pool):
    fund(resident_account, 60)
    response = client_for(resident).post(
        "/banque-du-temps/donner/",
        {"payee": "", "minutes": "1 h", "idempotency_key": str(uuid.uuid4())},
    )
    assert response.status_code == 400 and "Ce champ est obligatoire" in response.text
    assert Account.objects.get(pk=resident_account.pk).balance_minutes == 60
