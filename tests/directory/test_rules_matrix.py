"""Who may see, edit, validate and manage directory entries: a role × state matrix."""

import pytest
from django.contrib.auth.models import AnonymousUser

from entraide.directory import rules
from entraide.directory.enums import Publication
from entraide.people.enums import RoleKind

from ..factories import CommuneFactory, RoleFactory, UserFactory
from .factories import HolderFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(commune):
    return UserFactory(commune=commune, display_name="Hugo Porteur")


@pytest.fixture
def other_referent(territory):
    """A referent of another commune of the same territory."""
    elsewhere = CommuneFactory(territory=territory, insee_code="81224", name="Loupiac")
    user = UserFactory(commune=elsewhere, display_name="Louise Référente")
    RoleFactory(user=user, kind=RoleKind.REFERENT, commune=elsewhere)
    return user


@pytest.fixture
def anonymous_user():
    return AnonymousUser()


PERSONAS = [
    "resident",  # the author of the proposal
    "holder",
    "neighbour",
    "referent",
    "other_referent",
    "administrator",
    "coordinator",
    "outsider",
    "anonymous_user",
]


@pytest.mark.parametrize(
    ("persona", "publication", "see", "edit", "validate"),
    [
        ("resident", Publication.PUBLISHED, True, False, False),
        ("holder", Publication.PUBLISHED, True, True, False),
        ("neighbour", Publication.PUBLISHED, True, False, False),
        ("referent", Publication.PUBLISHED, True, True, True),
        ("other_referent", Publication.PUBLISHED, True, False, False),
        ("administrator", Publication.PUBLISHED, True, True, True),
        ("coordinator", Publication.PUBLISHED, True, False, False),
        ("outsider", Publication.PUBLISHED, True, False, False),  # public, as to anyone
        ("anonymous_user", Publication.PUBLISHED, True, False, False),
        ("resident", Publication.PROPOSED, True, True, False),
        ("holder", Publication.PROPOSED, True, True, False),
        ("neighbour", Publication.PROPOSED, False, False, False),
        ("referent", Publication.PROPOSED, True, True, True),
        ("other_referent", Publication.PROPOSED, False, False, False),
        ("administrator", Publication.PROPOSED, True, True, True),
        ("coordinator", Publication.PROPOSED, False, False, False),
        ("outsider", Publication.PROPOSED, False, False, False),
        ("anonymous_user", Publication.PROPOSED, False, False, False),
    ],
)
def test_rules_matrix(
    request, territory, commune, resident, holder, persona, publication, see, edit, validate
):
    initiative = InitiativeFactory(commune=commune, proposed_by=resident, publication=publication)
    HolderFactory(initiative=initiative, user=holder, confirmed=True)
    user = request.getfixturevalue(persona)
    assert rules.can_see(user, territory, initiative) is see
    assert rules.can_edit(user, territory, initiative) is edit
    assert rules.can_validate(user, territory, initiative) is validate


@pytest.mark.parametrize(
    ("persona", "propose", "manage"),
    [
        ("resident", True, False),
        ("holder", True, False),
        ("neighbour", True, False),
        ("referent", True, True),
        ("other_referent", True, True),
        ("administrator", True, True),
        ("coordinator", True, False),
        ("outsider", False, False),
        ("anonymous_user", False, False),
    ],
)
def test_who_proposes_and_manages_the_directory(request, territory, persona, propose, manage):
    user = request.getfixturevalue(persona)
    assert rules.can_propose(user, territory) is propose
    assert rules.can_manage_directory(user, territory) is manage


def test_an_unconfirmed_holder_edits_nothing(territory, commune, holder):
    initiative = InitiativeFactory(commune=commune)
    HolderFactory(initiative=initiative, user=holder, confirmed=False)
    assert not rules.can_edit(holder, territory, initiative)


def test_no_one_acts_on_an_entry_of_another_territory(other_territory, commune, referent, administrator):
    initiative = InitiativeFactory(commune=commune)
    for user in (referent, administrator):
        assert not rules.can_see(user, other_territory, initiative)
        assert not rules.can_edit(user, other_territory, initiative)
        assert not rules.can_validate(user, other_territory, initiative)


def test_validated_communes_are_all_for_an_administrator_and_their_own_for_a_referent(
    territory, commune, referent, other_referent, administrator
):
    assert rules.validated_commune_ids(administrator, territory) is None
    assert rules.validated_commune_ids(referent, territory) == {commune.pk}
    assert commune.pk not in rules.validated_commune_ids(other_referent, territory)
