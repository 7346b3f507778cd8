"""Who may do what, as a persona × question matrix."""

import pytest

from entraide.projects import rules
from entraide.projects.enums import ProjectStatus

from .factories import make_call, make_project

pytestmark = pytest.mark.django_db

PERSONAS = ["resident", "neighbour", "referent", "coordinator", "administrator", "outsider"]


@pytest.fixture
def project(referent, resident):
    return make_project(make_call(referent), resident)


@pytest.mark.parametrize(
    "persona, reviewer, runs, reviews_it",
    [
        ("resident", False, False, False),  # the applicant never reviews their own project
        ("neighbour", False, False, False),
        ("referent", True, True, True),
        ("coordinator", True, False, True),
        ("administrator", True, True, True),
        ("outsider", False, False, False),
    ],
)
def test_the_matrix(request, territory, project, persona, reviewer, runs, reviews_it):
    user = request.getfixturevalue(persona)
    assert rules.is_reviewer(user, territory) is reviewer
    assert rules.runs_programme(user, territory) is runs
    assert rules.can_review(user, territory, project) is reviews_it
    assert rules.can_decide(user, territory, project) is reviews_it
    assert rules.can_apply(user, territory) is (persona not in ("outsider",))


def test_a_draft_is_nobody_s_to_review(territory, referent, coordinator, resident):
    draft = make_project(make_call(referent, title="Autre"), resident, status=ProjectStatus.DRAFT)
    assert not rules.can_review(coordinator, territory, draft)
    assert rules.can_edit_application(resident, draft)


def test_a_conflict_removes_review_and_decision(territory, coordinator, project):
    from entraide.projects import services

    services.declare_conflict(project, reviewer=coordinator)
    assert not rules.can_review(coordinator, territory, project)
    assert not rules.can_decide(coordinator, territory, project)
