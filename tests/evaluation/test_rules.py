"""Who may do what in the evaluation, as a role matrix."""

import pytest

from entraide.evaluation import rules

pytestmark = pytest.mark.django_db

MATRIX = {
    # persona: (answer the questionnaire, enter on paper, tell a story, steer the stories)
    "resident": (True, False, True, False),
    "referent": (True, True, True, True),
    "coordinator": (True, False, True, True),
    "administrator": (True, True, True, True),
    "outsider": (False, False, False, False),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_the_role_matrix(request, territory, persona):
    user = request.getfixturevalue(persona)
    found = (
        rules.can_answer_survey(user, territory),
        rules.can_enter_on_paper(user, territory),
        rules.can_tell_story(user, territory),
        rules.can_steer(user, territory),
    )
    assert found == MATRIX[persona]


def test_an_anonymous_visitor_may_do_nothing(territory):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not any(
        check(anonymous, territory)
        for check in (
            rules.can_answer_survey,
            rules.can_enter_on_paper,
            rules.can_tell_story,
            rules.can_steer,
        )
    )
