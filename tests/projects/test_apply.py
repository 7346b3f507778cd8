"""Residents apply in eight questions: drafts saved, checked on submission, closed calls refused;
an informal group names its residents; the referent enters a paper application with consent."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from entraide.projects.enums import Holder, ProjectStatus
from entraide.projects.models import Project

from .factories import make_call

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def answers(commune, **changes):
    data = {
        "title": "Jardin partagé de la Gare",
        "description": "Des bacs de légumes au pied des immeubles.",
        "holder": Holder.RESIDENT,
        "members": "",
        "commune": commune.pk,
        "neighbourhood": "",
        "when": "de mars à octobre",
        "amount_asked": "450",
        "mutual_aid": "Les voisins jardinent ensemble et partagent la récolte.",
        "contact": "06 12 34 56 78",
        "action": "submit",
    }
    data.update(changes)
    return data


def test_a_resident_saves_a_draft_then_submits_and_is_emailed(client_for, referent, resident, commune):
    call = make_call(referent)
    client = client_for(resident)
    form = client.get(f"/projets/appels/{call.slug}/candidater/")
    assert form.status_code == 200
    response = client.post(
        f"/projets/appels/{call.slug}/candidater/",
        {"title": "Jardin", "holder": "resident", "commune": commune.pk, "action": "draft"},
    )
    project = Project.objects.get()
    assert project.status == ProjectStatus.DRAFT and project.amount_asked is None
    assert response.url == f"/projets/candidatures/{project.public_id}/"
    # Coming back to the call leads to the draft, not a second application.
    assert client.get(f"/projets/appels/{call.slug}/candidater/").url == response.url
    client.post(response.url, answers(commune))
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED and project.amount_asked == 450
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert Project.objects.count() == 1


def test_an_informal_group_names_its_residents(client_for, referent, resident, commune):
    call = make_call(referent)
    client = client_for(resident)
    response = client.post(f"/projets/appels/{call.slug}/candidater/", answers(commune, holder=Holder.GROUP))
    assert response.status_code == 400 and "Erreur" in response.text
    assert not Project.objects.exists()
    client.post(
        f"/projets/appels/{call.slug}/candidater/",
        answers(commune, holder=Holder.GROUP, members="Sophie L.\nKarim B.\nJeanne M."),
    )
    assert Project.objects.get().member_list() == ["Sophie L.", "Karim B.", "Jeanne M."]


def test_a_closed_call_takes_no_application(client_for, referent, resident, commune):
    today = timezone.localdate()
    call = make_call(
        referent, opens_on=today - datetime.timedelta(days=40), closes_on=today - datetime.timedelta(days=1)
    )
    client = client_for(resident)
    page = client.get(f"/projets/appels/{call.slug}/candidater/")
    assert "n’accepte plus" in page.text or "closed" in page.text or "clos" in page.text
    client.post(f"/projets/appels/{call.slug}/candidater/", answers(commune))
    assert not Project.objects.exists()


def test_a_draft_cannot_be_submitted_after_the_closing_date(client_for, referent, resident, commune):
    call = make_call(referent)
    client = client_for(resident)
    client.post(f"/projets/appels/{call.slug}/candidater/", answers(commune, action="draft"))
    project = Project.objects.get()
    type(call).objects.filter(pk=call.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    response = client.post(f"/projets/candidatures/{project.public_id}/", answers(commune))
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


def test_another_person_cannot_open_a_draft(client_for, referent, resident, neighbour, commune):
    call = make_call(referent)
    client_for(resident).post(f"/projets/appels/{call.slug}/candidater/", answers(commune, action="draft"))
    project = Project.objects.get()
    assert client_for(neighbour).get(f"/projets/candidatures/{project.public_id}/").status_code == 404


def test_the_referent_enters_a_paper_application_with_consent(client_for, referent, resident, commune):
    call = make_call(referent)
    client = client_for(referent)
    data = answers(commune, applicant_name="Germaine V.", consent="desk")
    response = client.post(f"/accueil/projets/appels/{call.slug}/sur-papier/", data)
    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.status, project.entered_by, project.applicant, project.consent) == (
        ProjectStatus.SUBMITTED,
        referent,
        None,
        "desk",
    )
    assert client_for(resident).get(f"/accueil/projets/appels/{call.slug}/sur-papier/").status_code == 403


def test_the_application_form_has_no_more_than_eight_questions(client_for, referent, resident):
    from entraide.projects.forms import ApplicationForm

    questions = {"title", "description", "holder", "commune", "when", "amount_asked", "mutual_aid", "contact"}
    # "who" is the holder and its names; "where" is the commune and its neighbourhood.
    assert set(ApplicationForm.base_fields) - questions == {"members", "neighbourhood"}


def test_the_paper_form_prints_the_eight_questions(anonymous, referent):
    call = make_call(referent)
    page = anonymous.get(f"/projets/appels/{call.slug}/formulaire-papier/")
    assert page.status_code == 200
    for question in (
        "Quoi",
        "Qui le porte",
        "Où",
        "Quand",
        "Montant demandé",
        "entraider",
        "Comment vous joindre",
    ):
        assert question in page.text
    assert f"/projets/appels/{call.slug}/formulaire-papier/" in anonymous.get(call.get_absolute_url()).text
