"""Role × question matrix for the permission predicates."""

import pytest

from entraide.people import rules

pytestmark = pytest.mark.django_db

MATRIX = {
    # persona: (is_referent, is_coordinator, is_administrator, can_use_admin)
    "resident": (False, False, False, False),
    "referent": (True, False, False, False),
    "coordinator": (False, True, False, False),
    "administrator": (True, True, True, True),
    "outsider": (False, False, False, False),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_roles_matrix(request, persona, territory):
    user = request.getfixturevalue(persona)
    got = (
        rules.is_referent(user, territory),
        rules.is_coordinator(user, territory),
        rules.is_administrator(user, territory),
        rules.can_use_admin(user, territory),
    )
    assert got == MATRIX[persona]


def test_roles_are_read_once_per_user_and_territory(referent, territory, django_assert_num_queries):
    with django_assert_num_queries(1):
        rules.is_referent(referent, territory)
        rules.is_coordinator(referent, territory)
        rules.referent_commune_ids(referent, territory)
