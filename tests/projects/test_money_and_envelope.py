"""Money in whole euros; granted amounts never pass the envelope (service and database)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from entraide.projects import services
from entraide.projects.enums import ProjectStatus
from entraide.projects.forms import ApplicationForm
from entraide.projects.models import Call, Project

from ..factories import UserFactory
from .factories import accept, make_call, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_decision_that_would_pass_the_envelope_is_refused_in_french(referent, coordinator, commune):
    call = make_call(referent, envelope=1000, most=500)
    people = [UserFactory(commune=commune) for _ in range(3)]
    first, second, third = (
        make_project(call, p, title=f"Projet {i}", amount=450) for i, p in enumerate(people)
    )
    accept(first, coordinator, 450)
    accept(second, coordinator, 450)
    with pytest.raises(ValidationError) as error:
        accept(third, coordinator, 450)
    assert "enveloppe" in " ".join(error.value.messages) or "envelope" in " ".join(error.value.messages)
    third.refresh_from_db()
    assert third.status == ProjectStatus.SUBMITTED and third.granted_amount is None
    call.refresh_from_db()
    assert call.granted == 900
    accept(third, coordinator, 100)  # what remains is still granted
    call.refresh_from_db()
    assert call.granted == 1000 == call.envelope


def test_the_database_refuses_a_granted_sum_above_the_envelope(referent):
    call = make_call(referent, envelope=1000, most=500)
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(granted=1001)


@pytest.mark.parametrize(
    "dates",
    [
        {"starts_on": None, "ends_on": None},
        {"starts_on": datetime.date(2027, 5, 1), "ends_on": None},
        {"starts_on": datetime.date(2027, 5, 1), "ends_on": datetime.date(2027, 4, 30)},
    ],
)
def test_the_database_refuses_an_accepted_project_without_its_dates_in_order(
    referent, coordinator, resident, dates
):
    project = accept(make_project(make_call(referent), resident, amount=100), coordinator, 100)
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(**dates)


def test_the_database_refuses_a_granted_amount_without_acceptance(referent, resident):
    project = make_project(make_call(referent), resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(granted_amount=100)


def test_a_decision_above_the_most_per_project_is_refused(referent, coordinator, resident):
    project = make_project(make_call(referent, most=500), resident, amount=500)
    with pytest.raises(ValidationError):
        accept(project, coordinator, 501)


def test_a_decision_needs_a_public_statement(referent, coordinator, resident):
    project = make_project(make_call(referent), resident)
    with pytest.raises(ValidationError):
        services.decide(project, by=coordinator, status=ProjectStatus.REFUSED, statement="  ")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("-20", "supérieur à zéro"),
        ("0", "supérieur à zéro"),
        ("12,50", "nombre entier d’euros"),
        ("12.5", "nombre entier d’euros"),
        ("beaucoup", "nombre entier d’euros"),
        ("501", "au plus 500"),
    ],
)
def test_bad_amounts_get_a_clear_french_message(referent, resident, typed, message):
    call = make_call(referent, most=500)
    form = ApplicationForm(
        {
            "title": "Jardin partagé",
            "description": "Un jardin",
            "holder": "resident",
            "commune": resident.commune_id,
            "when": "au printemps",
            "amount_asked": typed,
            "mutual_aid": "On jardine ensemble",
            "contact": "06",
        },
        call=call,
    )
    assert not form.is_valid()
    assert message in " ".join(form.errors["amount_asked"])


def test_an_amount_with_a_euro_sign_and_spaces_is_whole_euros(referent, resident):
    call = make_call(referent, envelope=3000, most=1500)
    form = ApplicationForm(
        {
            "title": "Jardin",
            "description": "Un jardin",
            "holder": "resident",
            "commune": resident.commune_id,
            "when": "au printemps",
            "amount_asked": "1 200 €",
            "mutual_aid": "On jardine ensemble",
            "contact": "06",
        },
        call=call,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount_asked"] == 1200 and isinstance(form.cleaned_data["amount_asked"], int)


def test_the_referent_opens_a_call_with_the_defaults_and_changes_it(
    client_for, referent, coordinator, resident
):
    client = client_for(referent)
    form = client.get("/accueil/projets/appels/nouveau/").context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    response = client.post("/accueil/projets/appels/nouveau/", data)
    call = Call.objects.get()
    assert response.url == call.get_absolute_url()
    assert (call.envelope, call.max_per_project, call.is_open()) == (3000, 500, True)
    assert call.title.startswith("Initiatives d'entraide")
    accept(make_project(call, resident, amount=500), coordinator, 500)
    edit = f"/accueil/projets/appels/{call.slug}/modifier/"
    refused = client.post(edit, {**data, "envelope": "400", "max_per_project": "400"})
    assert refused.status_code == 400 and "déjà accordés" in refused.text
    client.post(edit, {**data, "envelope": "5000"})
    call.refresh_from_db()
    assert (call.envelope, call.granted) == (5000, 500)
    assert client_for(coordinator).get(edit).status_code == 403
