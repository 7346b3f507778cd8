"""Who may do what in the time bank: role × state, like the board's rules matrix."""

import uuid

import pytest
from django.utils import timezone

from entraide.timebank import rules
from entraide.timebank.models import Claim, Transfer

from ..factories import CommuneFactory, RoleFactory, UserFactory
from .factories import AccountFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["resident", "neighbour", "referent", "administrator", "coordinator", "outsider", "other_referent"]


@pytest.fixture
def other_referent(territory):
    """A referent of another commune of the same territory (Loupiac)."""
    loupiac = CommuneFactory(territory=territory, name="Loupiac", insee_code="81147")
    user = UserFactory(commune=loupiac, display_name="Louise Référente")
    RoleFactory(user=user, kind="referent", commune=loupiac)
    return user


def claim(helper, receiver, status="pending"):
    return Claim(
        territory=helper.territory,
        helper=helper,
        receiver=receiver,
        minutes=60,
        happened_on=timezone.localdate(),
        description="Aide",
        status=status,
        idempotency_key=uuid.uuid4(),
    )


# The resident helped the neighbour (or the assisted person); who answers, who settles?
@pytest.mark.parametrize(
    ("persona", "status", "receiver", "answer", "confirm", "settle"),
    [
        ("neighbour", "pending", "neighbour", True, True, False),  # the receiver
        ("neighbour", "disputed", "neighbour", True, False, False),  # not alone once disputed
        ("resident", "pending", "neighbour", False, False, False),  # the helper, never
        ("resident", "disputed", "neighbour", False, False, False),
        ("referent", "pending", "neighbour", False, False, True),  # not for someone not assisted
        ("referent", "disputed", "neighbour", False, False, True),  # settles the dispute, with a reason
        ("referent", "pending", "assisted", True, True, True),  # answers for an assisted person
        ("other_referent", "pending", "assisted", False, False, False),  # another commune's
        ("other_referent", "disputed", "neighbour", False, False, False),
        ("administrator", "disputed", "neighbour", False, False, True),
        ("coordinator", "disputed", "neighbour", False, False, False),
        ("outsider", "pending", "neighbour", False, False, False),
        ("outsider", "disputed", "neighbour", False, False, False),
    ],
)
def test_claim_rules_matrix(request, territory, resident, persona, status, receiver, answer, confirm, settle):
    user = request.getfixturevalue(persona)
    item = claim(resident, request.getfixturevalue(receiver), status)
    assert rules.can_answer_claim(user, territory, item) is answer
    assert rules.can_confirm_claim(user, territory, item) is confirm
    assert rules.can_settle_claim(user, territory, item) is settle


def test_a_referent_who_helped_never_answers_or_settles(territory, referent, assisted, neighbour):
    for receiver in (assisted, neighbour):
        for status in ("pending", "disputed"):
            item = claim(referent, receiver, status)
            assert not rules.can_answer_claim(referent, territory, item)
            assert not rules.can_confirm_claim(referent, territory, item)
            assert not rules.can_settle_claim(referent, territory, item)


@pytest.mark.parametrize(
    ("persona", "own", "neighbours", "pool", "elsewhere"),
    [
        ("resident", False, False, False, False),
        ("referent", False, True, False, False),  # never their own account; the pool: no
        ("other_referent", False, False, False, True),
        ("administrator", False, True, True, True),
        ("coordinator", False, False, False, False),
        ("outsider", False, False, False, False),
    ],
)
def test_account_management_matrix(request, territory, commune, persona, own, neighbours, pool, elsewhere):
    from entraide.timebank.services import pool_for

    user = request.getfixturevalue(persona)
    other_commune = (
        CommuneFactory(territory=territory, name="Loupiac", insee_code="81147")
        if persona != "other_referent"
        else user.commune
    )
    accounts = {
        "own": AccountFactory(owner=user),
        "neighbours": AccountFactory(owner__commune=commune),
        "pool": pool_for(territory),
        "elsewhere": AccountFactory(owner__commune=other_commune),
    }
    expected = {"own": own, "neighbours": neighbours, "pool": pool, "elsewhere": elsewhere}
    for name, account in accounts.items():
        assert rules.can_manage_account(user, territory, account) is expected[name], name
        listed = rules.accounts_looked_after(user, territory).filter(pk=account.pk).exists()
        assert listed is (expected[name] and user.territory_id == territory.pk), name


@pytest.mark.parametrize(
    ("persona", "between_neighbours", "across_communes", "grant_to_neighbour", "own"),
    [
        ("referent", True, False, True, False),
        ("other_referent", False, False, False, False),
        ("administrator", True, True, True, False),
        ("resident", False, False, False, False),
        ("coordinator", False, False, False, False),
        ("outsider", False, False, False, False),
    ],
)
def test_reversal_matrix(
    request, territory, commune, persona, between_neighbours, across_communes, grant_to_neighbour, own
):
    from entraide.timebank.services import pool_for

    user = request.getfixturevalue(persona)
    loupiac = CommuneFactory(territory=territory, name="Lavaur", insee_code="81140")
    here = [AccountFactory(owner__commune=commune) for _ in range(2)]
    there = AccountFactory(owner__commune=loupiac)
    mine = AccountFactory(owner=user)

    def transfer(payer, payee, kind="gift"):
        return Transfer(territory=territory, kind=kind, payer=payer, payee=payee, minutes=30)

    assert rules.can_reverse(user, territory, transfer(*here)) is between_neighbours
    assert rules.can_reverse(user, territory, transfer(here[0], there)) is across_communes
    assert (
        rules.can_reverse(user, territory, transfer(pool_for(territory), here[0], "grant"))
        is grant_to_neighbour
    )
    assert rules.can_reverse(user, territory, transfer(mine, here[0])) is own
    assert rules.can_reverse(user, territory, transfer(here[0], mine)) is own
