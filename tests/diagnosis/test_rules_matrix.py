"""Who follows the diagnosis, records needs where, and suggests them: a role × commune matrix."""

import pytest
from django.contrib.auth.models import AnonymousUser

from entraide.diagnosis import rules
from entraide.people.enums import RoleKind

from ..factories import CommuneFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_commune(territory):
    return CommuneFactory(territory=territory, insee_code="81224", name="Loupiac")


@pytest.fixture
def other_referent(other_commune):
    user = UserFactory(commune=other_commune, display_name="Louise Référente")
    RoleFactory(user=user, kind=RoleKind.REFERENT, commune=other_commune)
    return user


@pytest.fixture
def anonymous_user():
    return AnonymousUser()


@pytest.mark.parametrize(
    ("persona", "follow", "record_here", "record_elsewhere", "suggest"),
    [
        ("resident", False, False, False, True),
        ("neighbour", False, False, False, True),
        ("referent", True, True, False, True),
        ("other_referent", True, False, True, True),
        ("coordinator", True, True, True, True),
        ("administrator", True, True, True, True),
        ("outsider", False, False, False, False),
        ("anonymous_user", False, False, False, False),
    ],
)
def test_rules_matrix(
    request, territory, commune, other_commune, persona, follow, record_here, record_elsewhere, suggest
):
    user = request.getfixturevalue(persona)
    assert rules.can_follow_diagnosis(user, territory) is follow
    assert rules.sees_exact_numbers(user, territory) is follow
    assert rules.can_record_need_in(user, territory, commune.pk) is record_here
    assert rules.can_record_need_in(user, territory, other_commune.pk) is record_elsewhere
    assert rules.can_suggest_need(user, territory) is suggest


def test_roles_of_one_territory_give_nothing_in_another(other_territory, referent, coordinator):
    for user in (referent, coordinator):
        assert not rules.can_follow_diagnosis(user, other_territory)
        assert not rules.can_suggest_need(user, other_territory)
