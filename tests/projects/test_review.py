"""The coordination group reviews: a reviewer with a conflict of interest neither sees nor decides;
decisions carry a public statement, are emailed, and never pass the envelope."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from entraide.projects import services
from entraide.projects.enums import ProjectStatus
from entraide.projects.models import ConflictOfInterest, Project, Review

from ..factories import UserFactory
from .factories import accept, make_call, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def dates(starts=14, ends=120):
    today = datetime.date.today()
    return {
        "starts_on": (today + datetime.timedelta(days=starts)).isoformat(),
        "ends_on": (today + datetime.timedelta(days=ends)).isoformat(),
    }


@pytest.fixture
def call(referent):
    return make_call(referent, envelope=1000, most=500)


@pytest.fixture
def project(call, resident):
    return make_project(call, resident, amount=500)


def test_a_reviewer_with_a_conflict_cannot_see_the_review_form(client_for, coordinator, project, call):
    client = client_for(coordinator)
    review_url = f"/accueil/projets/candidatures/{project.public_id}/"
    assert client.get(review_url).status_code == 200
    assert project.title in client.get(f"/accueil/projets/appels/{call.slug}/").text
    client.post(f"/accueil/projets/candidatures/{project.public_id}/conflit/", {"reason": "Ma voisine"})
    assert ConflictOfInterest.objects.filter(project=project, reviewer=coordinator).exists()
    assert client.get(review_url).status_code == 404
    assert project.title not in client.get(f"/accueil/projets/appels/{call.slug}/").text
    decision = {"status": "accepted", "granted_amount": "300", "statement": "Oui"}
    assert client.post(f"{review_url}decision/", decision).status_code == 404
    assert client.post(review_url, {"comment": "Bien"}).status_code == 404
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED and not Review.objects.exists()


def test_a_conflict_is_refused_by_the_service_too(coordinator, project):
    services.declare_conflict(project, reviewer=coordinator)
    with pytest.raises(ValidationError):
        accept(project, coordinator, 100)
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED


def test_a_resident_is_not_a_reviewer(client_for, resident, neighbour, project):
    assert client_for(neighbour).get(f"/accueil/projets/candidatures/{project.public_id}/").status_code == 403
    assert client_for(neighbour).get("/accueil/projets/").status_code == 403


def test_reviewers_comment_with_an_optional_grid(client_for, coordinator, referent, project):
    url = f"/accueil/projets/candidatures/{project.public_id}/"
    client_for(coordinator).post(url, {"comment": "Utile au quartier", "mutual_aid_score": "3"})
    client_for(referent).post(url, {"comment": "Budget réaliste"})
    assert sorted(Review.objects.values_list("comment", "mutual_aid_score")) == [
        ("Budget réaliste", None),
        ("Utile au quartier", 3),
    ]


def test_a_decision_is_public_with_its_statement_and_the_applicant_is_emailed(
    client_for, anonymous, coordinator, project, call, resident
):
    client = client_for(coordinator)
    response = client.post(
        f"/accueil/projets/candidatures/{project.public_id}/decision/",
        {
            "status": "accepted",
            "granted_amount": "450",
            "statement": "Un jardin qui rassemble le quartier.",
            **dates(),
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.granted_amount) == (ProjectStatus.ACCEPTED, 450)
    assert (project.starts_on, project.ends_on) == (
        datetime.date.fromisoformat(dates()["starts_on"]),
        datetime.date.fromisoformat(dates()["ends_on"]),
    )
    assert [m.to for m in mail.outbox][-1] == [resident.email]
    assert "Un jardin qui rassemble le quartier." in mail.outbox[-1].body
    page = anonymous.get(f"/projets/appels/{call.slug}/")
    assert "Un jardin qui rassemble le quartier." in page.text and "450" in page.text
    public = anonymous.get(f"/projets/{project.slug}/")
    assert (
        public.status_code == 200
        and "06 12 34 56 78" not in public.text
        and resident.email not in public.text
    )


def test_a_decision_over_the_envelope_stays_on_the_form_with_a_french_message(
    client_for, coordinator, call, commune
):
    first = make_project(call, UserFactory(commune=commune), title="Premier", amount=500)
    second = make_project(call, UserFactory(commune=commune), title="Second", amount=500)
    third = make_project(call, UserFactory(commune=commune), title="Troisième", amount=500)
    accept(first, coordinator, 500)
    accept(second, coordinator, 450)
    response = client_for(coordinator).post(
        f"/accueil/projets/candidatures/{third.public_id}/decision/",
        {"status": "accepted", "granted_amount": "100", "statement": "Oui", **dates()},
    )
    assert response.status_code == 400
    assert "enveloppe" in response.text and "50" in response.text
    third.refresh_from_db()
    assert third.status == ProjectStatus.SUBMITTED


def test_a_refusal_is_public_too_and_needs_no_amount(client_for, anonymous, coordinator, project, call):
    client_for(coordinator).post(
        f"/accueil/projets/candidatures/{project.public_id}/decision/",
        {"status": "refused", "statement": "Hors du champ de l'appel."},
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.REFUSED and project.granted_amount is None
    assert "Hors du champ de l&#x27;appel." in anonymous.get(f"/projets/appels/{call.slug}/").text
    assert anonymous.get(f"/projets/{project.slug}/").status_code == 404


def test_a_project_is_decided_once(coordinator, referent, project):
    accept(project, coordinator, 300)
    with pytest.raises(ValidationError):
        accept(Project.objects.get(pk=project.pk), referent, 300)


def test_payments_never_pass_the_granted_amount(client_for, referent, coordinator, project):
    accept(project, coordinator, 400)
    url = f"/accueil/projets/candidatures/{project.public_id}/versement/"
    client = client_for(referent)
    assert client.post(url, {"paid_on": "2026-11-20", "amount": "300"}).status_code == 302
    response = client.post(url, {"paid_on": "2026-11-21", "amount": "200"})
    assert response.status_code == 400
    assert project.payments.count() == 1


def test_a_conflict_is_declared_from_the_list_before_opening_the_project(
    client_for, coordinator, project, call
):
    client = client_for(coordinator)
    listing = client.get(f"/accueil/projets/appels/{call.slug}/")
    assert f"/accueil/projets/candidatures/{project.public_id}/conflit/" in listing.text
    client.post(f"/accueil/projets/candidatures/{project.public_id}/conflit/")
    assert project.title not in client.get(f"/accueil/projets/appels/{call.slug}/").text
    assert client.get(f"/accueil/projets/candidatures/{project.public_id}/").status_code == 404


@pytest.mark.parametrize("status", ["accepted", "changes"])
@pytest.mark.parametrize("missing", ["starts_on", "ends_on"])
def test_an_accepted_decision_needs_its_dates_with_a_french_message_on_the_field(
    client_for, coordinator, project, call, status, missing
):
    posted = {"status": status, "granted_amount": "300", "statement": "Oui", **dates()}
    del posted[missing]
    mail.outbox.clear()
    response = client_for(coordinator).post(
        f"/accueil/projets/candidatures/{project.public_id}/decision/", posted
    )
    assert response.status_code == 400
    assert "un projet accepté a des dates" in response.text
    assert 'aria-invalid="true"' in response.text
    project.refresh_from_db()
    call.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED and project.granted_amount is None
    assert (project.starts_on, project.ends_on, call.granted) == (None, None, 0)
    assert mail.outbox == []


def test_the_service_refuses_an_acceptance_without_dates_too(coordinator, project, call):
    with pytest.raises(ValidationError, match="dates"):
        services.decide(
            project, by=coordinator, status=ProjectStatus.ACCEPTED, statement="Oui", granted_amount=300
        )
    project.refresh_from_db()
    call.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED and call.granted == 0


def test_an_acceptance_ending_before_it_starts_is_refused(client_for, coordinator, project):
    response = client_for(coordinator).post(
        f"/accueil/projets/candidatures/{project.public_id}/decision/",
        {"status": "accepted", "granted_amount": "300", "statement": "Oui", **dates(60, 30)},
    )
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED


def test_a_refusal_needs_no_dates(coordinator, project):
    refused = services.decide(project, by=coordinator, status=ProjectStatus.REFUSED, statement="Non")
    assert refused.status == ProjectStatus.REFUSED and refused.starts_on is None
