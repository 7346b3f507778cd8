"""The time bank in Chromium: hours recorded from a done exchange and confirmed, a donation to the
pool and a grant from it to an assisted person, a reversal, a statement PDF.

Fields and buttons are found by their `name` or their form's address, never by their wording.
"""

from entraide.people.models import User
from entraide.timebank import services
from entraide.timebank.models import Account, Transfer
from tests.browser.journey import log_in, submit
from tests.pdfs import assert_tagged
from tests.timebank.factories import ExchangeFactory

PASSWORD = "entraide-demo"
HELPER = "habitant3@demo.entraide.invalid"  # Sophie L.
RECEIVER = "habitant4@demo.entraide.invalid"  # Karim B.
REFERENT = "referent.81070@demo.entraide.invalid"


def balance(email: str) -> int:
    return Account.objects.get(owner__email=email).balance_minutes


def test_hours_from_an_exchange_a_donation_a_grant_a_reversal_and_a_statement(
    new_context, visit, assert_accessible
):
    helper, receiver = User.objects.get(email=HELPER), User.objects.get(email=RECEIVER)
    services.open_account(helper)
    services.open_account(receiver)
    ExchangeFactory(helper=helper, receiver=receiver, duration_minutes=None)
    germaine = User.objects.get(is_assisted=True, display_name="Germaine V.")

    # The helper records 1 h 30 from the done exchange, in one click.
    page = new_context().new_page()
    log_in(page, visit, HELPER)
    visit("/banque-du-temps/", on=page)
    submit(page, 'form[action*="/echanges/"]')
    assert_accessible(page)
    assert page.locator("main [role=status]").count() == 1

    # The receiver confirms, without JavaScript: both balances change.
    other = new_context(javascript=False).new_page()
    log_in(other, visit, RECEIVER)
    visit("/banque-du-temps/", on=other)
    submit(other, 'form[action*="/confirmer/"]')
    assert_accessible(other)
    assert (balance(HELPER), balance(RECEIVER)) == (90, -90)
    assert "1 h 30" in other.locator("main").inner_text()

    # The helper donates an hour to the solidarity pool.
    visit("/banque-du-temps/donner/?fonds=1", on=page)
    page.locator("main input[name=minutes]").fill("1 h")
    submit(page, "form:has(input[name=minutes])")
    assert_accessible(page)
    assert balance(HELPER) == 30
    assert Account.objects.get(kind="pool").balance_minutes == 60

    # The referent opens Germaine's account and grants her 45 minutes from the pool.
    desk = new_context().new_page()
    log_in(desk, visit, REFERENT)
    visit("/accueil/banque-du-temps/", on=desk)
    submit(desk, f'form[action="/accueil/banque-du-temps/ouvrir/{germaine.public_id}/"]')
    assert_accessible(desk)
    account = Account.objects.get(owner=germaine)
    visit(f"/accueil/banque-du-temps/fonds/attribuer/?compte={account.public_id}", on=desk)
    desk.locator("main input[name=minutes]").fill("45 min")
    desk.locator("main input[name=reason]").fill("Voisine isolée")
    submit(desk, "form:has(input[name=reason])")
    assert_accessible(desk)
    grant = Transfer.objects.get(kind="grant")
    assert (grant.payee, grant.minutes, grant.entered_by.email) == (account, 45, REFERENT)

    # A mistake: the referent reverses the grant, with a reason.
    desk.locator(f'main a[href="/accueil/banque-du-temps/transferts/{grant.public_id}/annuler/"]').click()
    desk.wait_for_url("**/annuler/")
    assert_accessible(desk)
    desk.locator("main input[name=reason]").fill("Erreur de personne")
    submit(desk, "form:has(input[name=reason])")
    assert_accessible(desk)
    assert Transfer.objects.get(kind="reversal").reverses == grant
    account.refresh_from_db()
    assert account.balance_minutes == 0

    # A statement to print.
    response = desk.request.get(f"/accueil/banque-du-temps/comptes/{account.public_id}/releve.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert_tagged(response.body())
