"""The member's account page, gifts, the pool, statements and figures."""

import uuid

import pytest
from django.utils import timezone

from entraide.timebank import services
from entraide.timebank.models import Account, Transfer

from ..helpers import assert_constant_queries
from .factories import AccountFactory, fund

pytestmark = pytest.mark.django_db


def test_a_resident_opens_their_account(client_for, resident):
    client = client_for(resident)
    page = client.get("/banque-du-temps/")
    assert page.status_code == 200 and 'action="/banque-du-temps/rejoindre/"' in page.text
    assert client.get("/banque-du-temps/rejoindre/").status_code == 405
    assert client.post("/banque-du-temps/rejoindre/").status_code == 302
    assert Account.objects.get(owner=resident).balance_minutes == 0


def test_the_account_page_shows_given_and_received_separately(
    client_for, resident, resident_account, neighbour_account
):
    fund(resident_account, 120, from_account=neighbour_account)
    services.give(
        giver=resident, payee=neighbour_account, minutes=30, description="Merci", idempotency_key=uuid.uuid4()
    )
    page = client_for(resident).get("/banque-du-temps/").text
    assert "1 h 30" in page  # balance
    assert "2 h" in page and "30 min" in page
    assert "Karim B." in page and "Merci" in page


def test_the_account_page_runs_as_many_queries_with_a_long_history(
    client_for, resident, resident_account, neighbour_account
):
    client = client_for(resident)

    def add(n):
        for _ in range(n):
            fund(resident_account, 1, from_account=neighbour_account)

    assert_constant_queries(lambda: client.get("/banque-du-temps/"), add, small=5, large=60)


def test_a_member_donates_to_the_pool_and_the_referent_grants_to_an_assisted_person(
    client_for, resident, referent, resident_account, assisted, assisted_account, pool
):
    fund(resident_account, 180)
    response = client_for(resident).post(
        "/banque-du-temps/donner/",
        {"payee": pool.public_id, "minutes": "2 h", "description": "", "idempotency_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    pool.refresh_from_db()
    assert pool.balance_minutes == 120
    assert Transfer.objects.filter(kind="donation").count() == 1

    desk = client_for(referent)
    form = desk.get("/accueil/banque-du-temps/fonds/attribuer/")
    assert "Germaine V." in form.text
    key = str(uuid.uuid4())
    data = {"payee": assisted_account.public_id, "minutes": "1 h 30", "reason": "", "idempotency_key": key}
    assert (
        desk.post("/accueil/banque-du-temps/fonds/attribuer/", data).status_code == 400
    )  # a reason is needed
    data["reason"] = "Voisine isolée"
    assert desk.post("/accueil/banque-du-temps/fonds/attribuer/", data).status_code == 302
    assert desk.post("/accueil/banque-du-temps/fonds/attribuer/", data).status_code == 302  # replay
    grant = Transfer.objects.get(kind="grant")
    assert (grant.minutes, grant.entered_by, grant.reason) == (90, referent, "Voisine isolée")
    pool.refresh_from_db()
    assert pool.balance_minutes == 30
    page = desk.get(f"/accueil/banque-du-temps/comptes/{assisted_account.public_id}/").text
    assert "Voisine isolée" in page and "Anne Référente" in page


def test_the_referent_records_a_paper_time_cheque(
    client_for, referent, resident, resident_account, assisted, assisted_account
):
    data = {
        "receiver": assisted_account.public_id,
        "helper": resident_account.public_id,
        "minutes": "2 h",
        "happened_on": timezone.localdate().isoformat(),
        "description": "Courses",
        "idempotency_key": str(uuid.uuid4()),
    }
    assert client_for(referent).post("/accueil/banque-du-temps/cheque-temps/", data).status_code == 302
    transfer = Transfer.objects.get(kind="paper")
    assert (transfer.payer, transfer.payee, transfer.entered_by) == (
        assisted_account,
        resident_account,
        referent,
    )


def test_the_referent_reverses_with_a_reason(client_for, referent, resident_account, neighbour_account):
    fund(resident_account, 60, from_account=neighbour_account)
    original = Transfer.objects.get()
    url = f"/accueil/banque-du-temps/transferts/{original.public_id}/annuler/"
    client = client_for(referent)
    assert original.payer.label in client.get(url).text
    assert client.post(url, {"reason": "", "idempotency_key": str(uuid.uuid4())}).status_code == 400
    assert client.post(url, {"reason": "Doublon", "idempotency_key": str(uuid.uuid4())}).status_code == 302
    reversal = Transfer.objects.get(kind="reversal")
    assert reversal.reverses == original and reversal.reason == "Doublon"
    resident_account.refresh_from_db()
    assert resident_account.balance_minutes == 0


def test_the_referent_freezes_and_unfreezes_an_account_with_a_reason(client_for, referent, resident_account):
    url = f"/accueil/banque-du-temps/comptes/{resident_account.public_id}/gel/"
    client = client_for(referent)
    assert client.post(url, {"frozen": "1", "reason": ""}).status_code == 400
    client.post(url, {"frozen": "1", "reason": "Départ de la commune"})
    resident_account.refresh_from_db()
    assert resident_account.is_frozen
    client.post(url, {"frozen": "0", "reason": "Retour"})
    resident_account.refresh_from_db()
    assert not resident_account.is_frozen
    log = client.get("/accueil/banque-du-temps/journal/").text
    assert "Départ de la commune" in log and "Anne Référente" in log


def test_the_referent_adjusts_against_the_pool(client_for, referent, resident_account, pool):
    fund(pool, 60)
    url = f"/accueil/banque-du-temps/comptes/{resident_account.public_id}/ajuster/"
    data = {"direction": "add", "minutes": "45 min", "reason": "Oubli", "idempotency_key": str(uuid.uuid4())}
    assert client_for(referent).post(url, data).status_code == 302
    resident_account.refresh_from_db()
    assert resident_account.balance_minutes == 45


def test_the_desk_lists_filters_and_exports_accounts(
    client_for, referent, resident_account, neighbour_account
):
    fund(resident_account, 60, from_account=neighbour_account)
    client = client_for(referent)
    page = client.get("/accueil/banque-du-temps/?state=negative").text
    assert "Karim B." in page and "Sophie L." not in page
    csv = client.get("/accueil/banque-du-temps/comptes.csv?state=positive")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.getvalue().decode("utf-8-sig")
    assert "Sophie L.;Coufouleux;60;1 h" in text and "Karim B." not in text


def test_the_desk_list_runs_as_many_queries_with_many_accounts(client_for, referent, commune):
    client = client_for(referent)
    assert_constant_queries(
        lambda: client.get("/accueil/banque-du-temps/"),
        lambda n: [AccountFactory(owner__commune=commune) for _ in range(n)],
        small=5,
        large=60,
    )


def test_statements_come_as_csv_and_pdf(client_for, resident, referent, resident_account, neighbour_account):
    fund(resident_account, 90, from_account=neighbour_account)
    csv = client_for(resident).get("/banque-du-temps/releve.csv")
    assert "Karim B." in csv.content.decode("utf-8-sig") and "1 h 30" in csv.content.decode("utf-8-sig")
    pdf = client_for(resident).get("/banque-du-temps/releve.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    desk_pdf = client_for(referent).get(
        f"/accueil/banque-du-temps/comptes/{resident_account.public_id}/releve.pdf"
    )
    assert desk_pdf.content.startswith(b"%PDF")


def test_a_csv_cell_cannot_become_a_formula(client_for, resident, resident_account, neighbour_account):
    services.give(
        giver=resident,
        payee=neighbour_account,
        minutes=5,
        description="=HYPERLINK(1)",
        idempotency_key=uuid.uuid4(),
    )
    text = client_for(resident).get("/banque-du-temps/releve.csv").content.decode("utf-8-sig")
    assert ";'=HYPERLINK(1);" in text


@pytest.mark.parametrize("persona", ["resident", "coordinator", "outsider"])
def test_non_referents_do_not_reach_the_time_bank_desk(client_for, persona, request, commune):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/accueil/banque-du-temps/").status_code in (403, 302)
    assert client.get("/accueil/banque-du-temps/comptes.csv").status_code in (403, 302)


def test_a_referent_does_not_see_accounts_of_other_communes(
    client_for, referent, territory, resident_account
):
    from ..factories import CommuneFactory

    elsewhere = AccountFactory(
        owner__commune=CommuneFactory(territory=territory, name="Rabastens", insee_code="81220")
    )
    page = client_for(referent).get("/accueil/banque-du-temps/").text
    assert "Sophie L." in page and elsewhere.owner.display_name not in page
    assert (
        client_for(referent).get(f"/accueil/banque-du-temps/comptes/{elsewhere.public_id}/").status_code
        == 404
    )


def test_the_account_pages_need_a_login(anonymous):
    assert anonymous.get("/banque-du-temps/").status_code == 302
    assert anonymous.get("/banque-du-temps/releve.pdf").status_code == 302


def test_an_administrator_opens_an_initiative_account_in_the_admin(client_for, administrator, territory):
    response = client_for(administrator).post(
        "/admin/timebank/account/add/", {"territory": territory.pk, "name": "Café associatif"}
    )
    assert response.status_code == 302
    account = Account.objects.get(name="Café associatif")
    assert (account.kind, account.balance_minutes, account.owner) == ("initiative", 0, None)
    assert client_for(administrator).get(f"/admin/timebank/transfer/{uuid.uuid4()}/change/").status_code in (
        302,
        404,
    )


def test_the_desk_account_page_runs_as_many_queries_with_a_long_history(
    client_for, referent, resident_account, neighbour_account
):
    client = client_for(referent)

    def add(n):
        for _ in range(n):
            fund(resident_account, 1, from_account=neighbour_account)

    assert_constant_queries(
        lambda: client.get(f"/accueil/banque-du-temps/comptes/{resident_account.public_id}/"),
        add,
        small=5,
        large=60,
    )


def test_the_claim_form_shows_today_in_the_date_field(client_for, resident, resident_account):
    page = client_for(resident).get("/banque-du-temps/declarer/").text
    assert f'value="{timezone.localdate().isoformat()}"' in page
    assert 'name="idempotency_key"' in page


def test_a_referent_cannot_grant_pool_hours_to_themself(client_for, referent, pool, assisted_account):
    own = AccountFactory(owner=referent)
    fund(pool, 120)
    desk = client_for(referent)
    assert "Anne Référente" not in desk.get("/accueil/banque-du-temps/fonds/attribuer/").text
    data = {
        "payee": own.public_id,
        "minutes": "1 h",
        "reason": "Pour moi",
        "idempotency_key": str(uuid.uuid4()),
    }
    assert desk.post("/accueil/banque-du-temps/fonds/attribuer/", data).status_code == 400
    own.refresh_from_db()
    assert own.balance_minutes == 0
    with pytest.raises(services.TimebankError):
        services.grant_from_pool(
            referent=referent, payee=own, minutes=60, reason="Pour moi", idempotency_key=uuid.uuid4()
        )


def test_the_history_lists_the_latest_help_first(client_for, resident, resident_account):
    import datetime

    from entraide.timebank.statements import statement_lines

    for days_ago in (30, 1, 60):
        payer = AccountFactory(owner__commune=resident.commune)
        services.transfer(
            payer=payer,
            payee=resident_account,
            minutes=30,
            kind="gift",
            idempotency_key=uuid.uuid4(),
            created_by=None,
            happened_on=datetime.date.today() - datetime.timedelta(days=days_ago),
        )
    dates = [entry.transfer.happened_on for entry in statement_lines(resident_account)]
    assert dates == sorted(dates, reverse=True)
