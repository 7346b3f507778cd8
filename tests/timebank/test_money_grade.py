"""The defects of issue 16 (and items 1 and 9 of issue 8), each reproduced: the time bank, money-grade."""

import datetime
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from entraide.people.services import erase_person
from entraide.timebank import services
from entraide.timebank.checks import allowed_exceptions, check_ledger
from entraide.timebank.models import Account, AuditEvent, Claim, TimebankSettings, Transfer

from ..factories import CommuneFactory, RoleFactory, UserFactory
from .factories import AccountFactory, fund

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def record(helper, receiver, minutes=60, **fields):
    claim, _created = services.record_claim(
        helper=helper,
        receiver=receiver,
        minutes=minutes,
        happened_on=fields.pop("happened_on", TODAY()),
        description=fields.pop("description", "Jardin"),
        idempotency_key=uuid.uuid4(),
        **fields,
    )
    return claim


def balance(account):
    return Account.objects.get(pk=account.pk).balance_minutes


def gift(payer, payee, minutes, key=None):
    return services.transfer(
        payer=payer,
        payee=payee,
        minutes=minutes,
        kind="gift",
        idempotency_key=key or uuid.uuid4(),
        created_by=None,
    )


@pytest.fixture
def elsewhere(territory):
    """A person of another commune of the same territory (Rabastens), with an account."""
    commune = CommuneFactory(territory=territory, name="Rabastens", insee_code="81220")
    return AccountFactory(owner=UserFactory(commune=commune, display_name="Rémi R."))


# Issue 8, item 1: a replayed key must be the same operation; derived keys cannot be taken first.


def test_a_key_replayed_for_another_operation_is_refused(resident_account, neighbour_account, territory):
    key = uuid.uuid4()
    gift(resident_account, neighbour_account, 30, key)
    for payer, payee, minutes in (
        (resident_account, neighbour_account, 31),
        (neighbour_account, resident_account, 30),
    ):
        with pytest.raises(services.TimebankError, match="autre opération"):
            gift(payer, payee, minutes, key)
    assert Transfer.objects.count() == 1 and balance(neighbour_account) == 30


def test_a_gift_cannot_take_the_key_of_a_claims_confirmation(
    client_for, resident, neighbour, resident_account, neighbour_account, settings
):
    claim = record(resident, neighbour, 360)
    key = services.derived_key("claim", claim.public_id)
    # The key is an HMAC of SECRET_KEY: nothing a member can compute from the claim's public id.
    settings.SECRET_KEY = "another secret key for this test only, long enough to be accepted"
    assert services.derived_key("claim", claim.public_id) != key
    settings.SECRET_KEY = "x"
    key = services.derived_key("claim", claim.public_id)
    # Even were it known and sent first with a 1-minute gift, the confirmation does not take it.
    gift(neighbour_account, resident_account, 1, key)
    response = client_for(neighbour).post(f"/banque-du-temps/heures/{claim.public_id}/confirmer/")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "pending" and claim.transfer is None
    assert balance(resident_account) == 1


def test_the_gift_form_refuses_a_key_used_for_another_gift(
    client_for, resident, resident_account, neighbour_account
):
    client = client_for(resident)
    key = str(uuid.uuid4())
    data = {"payee": neighbour_account.public_id, "minutes": "1 h", "description": "", "idempotency_key": key}
    assert client.post("/banque-du-temps/donner/", data).status_code == 302
    response = client.post("/banque-du-temps/donner/", {**data, "minutes": "2 h"})
    assert response.status_code == 400 and "autre opération" in response.text
    assert balance(neighbour_account) == 60


# 1. A party to a movement never enters or approves it.


def test_a_referent_does_not_confirm_help_she_gave_to_an_assisted_person(
    client_for, referent, assisted, assisted_account
):
    own = AccountFactory(owner=referent)
    claim = record(referent, assisted, 240)
    assert (
        client_for(referent).post(f"/banque-du-temps/heures/{claim.public_id}/confirmer/").status_code == 404
    )
    with pytest.raises(services.TimebankError):
        services.confirm_claim(claim, by=referent, entered_by=referent)
    with pytest.raises(services.TimebankError):
        services.dispute_claim(claim, by=referent, entered_by=referent, reason="x")
    claim.refresh_from_db()
    assert claim.status == "pending" and balance(own) == 0


def test_a_referent_does_not_adjust_or_freeze_her_own_account(client_for, referent, pool):
    own = AccountFactory(owner=referent)
    fund(pool, 300)
    client = client_for(referent)
    base = f"/accueil/banque-du-temps/comptes/{own.public_id}/"
    assert client.get(base).status_code == 404
    data = {"direction": "add", "minutes": "2 h", "reason": "Pour moi", "idempotency_key": str(uuid.uuid4())}
    assert client.post(base + "ajuster/", data).status_code == 404
    with pytest.raises(services.TimebankError):
        services.adjust(
            referent=referent, account=own, minutes=120, reason="Pour moi", idempotency_key=uuid.uuid4()
        )
    with pytest.raises(services.TimebankError):
        services.set_frozen(own, by=referent, frozen=True, reason="x")
    assert balance(own) == 0


def test_a_paper_cheque_never_names_the_referent_who_enters_it(
    client_for, referent, assisted, assisted_account
):
    own = AccountFactory(owner=referent)
    data = {
        "receiver": assisted_account.public_id,
        "helper": own.public_id,
        "minutes": "2 h",
        "happened_on": TODAY().isoformat(),
        "description": "Courses",
        "idempotency_key": str(uuid.uuid4()),
    }
    assert client_for(referent).post("/accueil/banque-du-temps/cheque-temps/", data).status_code == 400
    with pytest.raises(services.TimebankError):
        services.record_paper_cheque(
            referent=referent,
            helper=referent,
            receiver=assisted,
            minutes=120,
            happened_on=TODAY(),
            description="Courses",
            idempotency_key=uuid.uuid4(),
        )
    assert balance(own) == 0


# 2. Reversals obey limits, and only a referent of the communes concerned makes them.


def test_a_reversal_obeys_the_floor_unless_the_referent_makes_a_logged_exception(
    client_for, referent, resident_account, neighbour_account, territory
):
    original = gift(resident_account, neighbour_account, 8 * 60).transfer
    gift(neighbour_account, AccountFactory(owner__commune=neighbour_account.owner.commune), 18 * 60)
    url = f"/accueil/banque-du-temps/transferts/{original.public_id}/annuler/"
    client = client_for(referent)
    response = client.post(url, {"reason": "Erreur", "idempotency_key": str(uuid.uuid4())})
    assert response.status_code == 400 and "solde minimal" in response.text
    assert balance(neighbour_account) == -10 * 60
    data = {"reason": "Erreur de saisie", "idempotency_key": str(uuid.uuid4()), "limit_exception": "on"}
    assert client.post(url, data).status_code == 302
    assert balance(neighbour_account) == -18 * 60
    event = AuditEvent.objects.get(action="limit_exception")
    assert (
        event.actor == referent and event.account == neighbour_account and "Erreur de saisie" in event.detail
    )
    assert check_ledger([territory]) == []
    assert any("allowed exception" in line and "Karim B." in line for line in allowed_exceptions([territory]))


def test_only_a_referent_of_the_communes_concerned_reverses(
    client_for, territory, resident_account, elsewhere, pool
):
    loupiac = CommuneFactory(territory=territory, name="Loupiac", insee_code="81147")
    stranger = UserFactory(commune=loupiac, display_name="Louise Référente")
    RoleFactory(user=stranger, kind="referent", commune=loupiac)
    fund(pool, 600)
    grant = gift(pool, elsewhere, 120).transfer
    between = gift(resident_account, elsewhere, 30).transfer
    for original in (grant, between):
        url = f"/accueil/banque-du-temps/transferts/{original.public_id}/annuler/"
        assert client_for(stranger).get(url).status_code == 404
        with pytest.raises(services.TimebankError):
            services.reverse(original=original, by=stranger, reason="x", idempotency_key=uuid.uuid4())
    assert not Transfer.objects.filter(kind="reversal").exists()


def test_the_pool_is_managed_by_the_administrator_not_by_every_referent(
    client_for, referent, administrator, pool
):
    url = f"/accueil/banque-du-temps/comptes/{pool.public_id}/"
    assert client_for(referent).get(url).status_code == 404
    assert client_for(administrator).get(url).status_code == 200


def test_reversing_a_donation_the_pool_has_spent_says_so(
    client_for, referent, resident_account, assisted_account
):
    fund(resident_account, 120)
    donation = services.give(
        giver=resident_account.owner,
        payee=services.pool_for(resident_account.territory),
        minutes=120,
        description="",
        idempotency_key=uuid.uuid4(),
    ).transfer
    services.grant_from_pool(
        referent=referent, payee=assisted_account, minutes=90, reason="Isolée", idempotency_key=uuid.uuid4()
    )
    url = f"/accueil/banque-du-temps/transferts/{donation.public_id}/annuler/"
    data = {"reason": "Erreur", "idempotency_key": str(uuid.uuid4()), "limit_exception": "on"}
    response = client_for(referent).post(url, data)
    assert response.status_code == 400 and "fonds de solidarité" in response.text.lower()
    assert not Transfer.objects.filter(kind="reversal").exists()


# 3. Automatic confirmation never confirms a disputed claim.


def test_a_claim_disputed_after_the_due_list_was_read_is_not_confirmed(
    resident, neighbour, resident_account, neighbour_account, territory
):
    claim = record(resident, neighbour)
    Claim.objects.filter(pk=claim.pk).update(reminded_at=timezone.now() - datetime.timedelta(days=30))
    stale = Claim.objects.get(pk=claim.pk)  # as the due list read it, before the dispute committed
    services.dispute_claim(claim, by=neighbour, reason="Pas moi")
    with pytest.raises(services.TimebankError):
        services.confirm_claim(stale, by=None, automatic=True)
    with pytest.raises(services.TimebankError):
        services.confirm_claim(stale, by=neighbour)  # nor the receiver alone
    claim.refresh_from_db()
    assert claim.status == "disputed" and not Transfer.objects.exists()


def test_a_referent_settling_a_dispute_closes_it(
    client_for, resident, neighbour, referent, resident_account, neighbour_account, territory
):
    claim = record(resident, neighbour)
    services.dispute_claim(claim, by=neighbour, reason="Plutôt 30 minutes")
    # The plain confirmation refuses a disputed claim: a referent settles it, with a reason.
    client = client_for(referent)
    assert client.post(f"/banque-du-temps/heures/{claim.public_id}/confirmer/").status_code == 404
    claim.refresh_from_db()
    assert claim.status == "disputed" and not Transfer.objects.exists()
    client.post(
        f"/accueil/banque-du-temps/heures/{claim.public_id}/regler/",
        {"minutes": "30 min", "reason": "Vu avec les deux : 30 minutes"},
    )
    claim.refresh_from_db()
    assert claim.status == "confirmed" and claim.dispute_reason == "" and claim.settled_minutes == 30
    assert AuditEvent.objects.filter(action="claim_disputed", detail="Plutôt 30 minutes").exists()
    assert check_ledger([territory]) == []


# 4. Limits only stop a move away from the allowed range.


def test_an_account_outside_its_limits_can_move_back_towards_them(
    resident_account, neighbour_account, territory, referent, pool
):
    gift(resident_account, neighbour_account, 10 * 60)
    TimebankSettings.objects.create(territory=territory, floor_minutes=-5 * 60, ceiling_minutes=5 * 60)
    fund(pool, 120)
    gift(
        neighbour_account, AccountFactory(owner__commune=neighbour_account.owner.commune), 30
    )  # above: gives
    gift(
        AccountFactory(owner__commune=resident_account.owner.commune), resident_account, 30
    )  # below: receives
    services.adjust(
        referent=referent, account=resident_account, minutes=60, reason="Oubli", idempotency_key=uuid.uuid4()
    )
    assert (balance(resident_account), balance(neighbour_account)) == (-8 * 60 - 30, 9 * 60 + 30)
    with pytest.raises(services.TimebankError):
        gift(resident_account, AccountFactory(owner__commune=resident_account.owner.commune), 1)


# 5. Erased people are never moved.


def test_an_erased_person_is_never_debited(
    resident, neighbour, resident_account, neighbour_account, territory
):
    pending = record(resident, neighbour)
    erase_person(neighbour)
    pending.refresh_from_db()
    neighbour_account.refresh_from_db()
    assert pending.status == "cancelled" and neighbour_account.is_frozen
    with pytest.raises(services.TimebankError):
        record(resident, neighbour)
    with pytest.raises(services.TimebankError):
        gift(resident_account, neighbour_account, 10)
    later = timezone.now() + datetime.timedelta(days=60)
    services.remind_and_confirm_due(territory, now=later)
    services.remind_and_confirm_due(territory, now=later + datetime.timedelta(days=30))
    assert not Transfer.objects.exists()
    assert check_ledger([territory]) == []


def test_an_inactive_person_is_never_moved(resident_account, neighbour_account):
    type(neighbour_account.owner).objects.filter(pk=neighbour_account.owner_id).update(is_active=False)
    with pytest.raises(services.TimebankError, match="n’utilise plus"):
        gift(resident_account, neighbour_account, 10)


# 6. The referent of an assisted person is told, and answers for them.


def test_the_referent_of_an_assisted_person_is_told_and_it_is_never_confirmed_automatically(
    resident,
    referent,
    resident_account,
    assisted,
    assisted_account,
    territory,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = record(resident, assisted)
    assert [m.to for m in mail.outbox] == [[referent.email]] and "Germaine V." in mail.outbox[0].body
    mail.outbox.clear()
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_and_confirm_due(territory)
    assert [m.to for m in mail.outbox] == [[referent.email]]
    later = timezone.now() + datetime.timedelta(days=60)
    assert services.remind_and_confirm_due(territory, now=later)["confirmed"] == 0
    claim.refresh_from_db()
    assert claim.status == "pending" and balance(assisted_account) == 0
    with pytest.raises(services.TimebankError):
        services.confirm_claim(claim, by=None, automatic=True, now=later)


# 7. 24 hours of help per helper and day, whoever was helped.


def test_a_helper_records_at_most_24_hours_a_day(
    resident, neighbour, assisted, resident_account, neighbour_account, assisted_account
):
    record(resident, neighbour, 12 * 60)
    record(resident, assisted, 12 * 60)
    with pytest.raises(services.TimebankError, match="24"):
        record(resident, neighbour, 60)
    record(resident, neighbour, 60, happened_on=TODAY() - datetime.timedelta(days=1))
    assert Claim.objects.count() == 3


# 8. Freezing says the state wanted.


def test_freezing_twice_freezes_once(client_for, referent, resident_account):
    url = f"/accueil/banque-du-temps/comptes/{resident_account.public_id}/gel/"
    client = client_for(referent)
    for _ in range(2):
        assert client.post(url, {"frozen": "1", "reason": "Contrôle"}).status_code == 302
    resident_account.refresh_from_db()
    assert resident_account.is_frozen
    assert AuditEvent.objects.filter(action="frozen").count() == 1


# 9. A closed time bank moves no hours.


def test_a_closed_time_bank_moves_no_hours(
    resident, neighbour, resident_account, neighbour_account, territory
):
    claim = record(resident, neighbour)
    Claim.objects.filter(pk=claim.pk).update(reminded_at=timezone.now() - datetime.timedelta(days=30))
    TimebankSettings.objects.create(territory=territory, is_enabled=False)
    with pytest.raises(services.TimebankError, match="fermée"):
        gift(resident_account, neighbour_account, 10)
    with pytest.raises(services.TimebankError, match="fermée"):
        record(resident, neighbour)
    assert services.remind_and_confirm_due(territory)["confirmed"] == 0
    with pytest.raises(services.TimebankError, match="fermée"):
        services.confirm_claim(claim, by=neighbour)
    assert not Transfer.objects.exists()


# 11. The unit is always said.


def test_a_bare_number_is_refused_with_a_question_about_the_unit(
    client_for, referent, resident_account, pool
):
    fund(pool, 600)
    url = f"/accueil/banque-du-temps/comptes/{resident_account.public_id}/ajuster/"
    data = {"direction": "add", "minutes": "3", "reason": "Oubli", "idempotency_key": str(uuid.uuid4())}
    response = client_for(referent).post(url, data)
    assert response.status_code == 400 and "3 h ou 3 min" in response.text
    assert balance(resident_account) == 0


# Issue 8, item 9: the referent's log is scoped like the accounts page.


def test_the_referents_log_lists_only_their_communes(
    client_for, referent, territory, resident, resident_account, elsewhere
):
    other = UserFactory(commune=elsewhere.owner.commune, display_name="Rose R.")
    AccountFactory(owner=other)
    record(elsewhere.owner, other, description="Aide à Rabastens")
    record(resident, elsewhere.owner, description="Aide entre communes")
    page = client_for(referent).get("/accueil/banque-du-temps/journal/").text
    assert "Rose R." not in page
    assert "Sophie L." in page


def test_a_closed_time_bank_says_so_on_the_account_page(client_for, resident, resident_account, territory):
    TimebankSettings.objects.create(territory=territory, is_enabled=False)
    page = client_for(resident).get("/banque-du-temps/").text
    assert "aucune heure ne circule" in page and 'href="/banque-du-temps/donner/"' not in page


def test_the_desk_offers_to_reverse_only_what_the_referent_may_reverse(
    client_for, referent, resident_account, neighbour_account, elsewhere
):
    here = gift(resident_account, neighbour_account, 30).transfer
    across = gift(resident_account, elsewhere, 15).transfer
    page = client_for(referent).get(f"/accueil/banque-du-temps/comptes/{resident_account.public_id}/").text
    assert f"/transferts/{here.public_id}/annuler/" in page
    assert f"/transferts/{across.public_id}/annuler/" not in page
