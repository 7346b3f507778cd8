"""Two reviewers decide at the same moment on two projects of one call whose envelope holds only
one of them: one is accepted, the other refused with the French message, never both (PostgreSQL)."""

import pytest
from django.db import connection

from entraide.projects.enums import ProjectStatus
from entraide.projects.models import Call, Project

from ..concurrency import run_together
from ..factories import CommuneFactory, RoleFactory, TerritoryFactory, UserFactory
from .factories import accept, make_call, make_project


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_never_pass_the_envelope_on_postgresql(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: run with DATABASE_URL=postgres://…")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    territory = TerritoryFactory(slug="concurrence-projets", hostnames="p.example.org")
    commune = CommuneFactory(territory=territory)
    referent = UserFactory(commune=commune)
    RoleFactory(user=referent, kind="referent", commune=commune)
    reviewers = []
    for _ in range(2):
        reviewer = UserFactory(commune=commune)
        RoleFactory(user=reviewer, kind="coordinator", commune=None)
        reviewers.append(reviewer)
    call = make_call(referent, envelope=800, most=500)
    projects = [
        make_project(call, UserFactory(commune=commune), title=f"Projet {i}", amount=500) for i in range(2)
    ]

    outcomes = run_together(
        [lambda p=p, r=r: accept(p, r, 500).status for p, r in zip(projects, reviewers, strict=True)]
    )

    assert sorted(kind for kind, _value in outcomes) == ["ok", "refused"], outcomes
    refused = next(value for kind, value in outcomes if kind == "refused")
    assert "enveloppe" in " ".join(refused)
    assert Project.objects.filter(call=call, status=ProjectStatus.ACCEPTED).count() == 1
    assert Call.objects.get(pk=call.pk).granted == 500


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_deciding_one_project_at_once_decide_it_once_on_postgresql(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: run with DATABASE_URL=postgres://…")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    territory = TerritoryFactory(slug="concurrence-projets-2", hostnames="q.example.org")
    commune = CommuneFactory(territory=territory)
    referent = UserFactory(commune=commune)
    RoleFactory(user=referent, kind="referent", commune=commune)
    call = make_call(referent, envelope=3000, most=500)
    project = make_project(call, UserFactory(commune=commune), amount=500)
    reviewers = [UserFactory(commune=commune) for _ in range(2)]
    for reviewer in reviewers:
        RoleFactory(user=reviewer, kind="coordinator", commune=None)

    outcomes = run_together([lambda r=r: accept(project, r, 400).status for r in reviewers])

    assert sorted(kind for kind, _value in outcomes) == ["ok", "refused"], outcomes
    assert Call.objects.get(pk=call.pk).granted == 400
