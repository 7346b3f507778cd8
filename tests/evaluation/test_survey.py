"""The questionnaire every six months: opt-in, once per person and wave, values in range,
also entered on paper by a referent with the consent's date; never shown per person."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from entraide.evaluation import services
from entraide.evaluation.models import SurveyAnswer, wave_of

pytestmark = pytest.mark.django_db

ANSWERS = {"contacts": "1", "knows_whom_to_ask": "unsure", "trust": "careful", "loneliness": "2"}


def test_waves_are_every_six_months():
    assert wave_of(datetime.date(2026, 6, 30)) == datetime.date(2026, 1, 1)
    assert wave_of(datetime.date(2026, 7, 1)) == datetime.date(2026, 7, 1)


def test_a_resident_answers_once_per_wave(client_for, resident):
    client = client_for(resident)
    page = client.get("/evaluation/questionnaire/")
    assert "Vous sentez-vous seul(e)" in page.text
    assert "On n’est jamais trop prudent" in page.text or "On n'est jamais trop prudent" in page.text
    response = client.post("/evaluation/questionnaire/", ANSWERS)
    assert response.status_code == 302
    answer = SurveyAnswer.objects.get()
    assert (answer.person, answer.commune, answer.contacts, answer.loneliness) == (
        resident,
        resident.commune,
        1,
        2,
    )
    again = client.get("/evaluation/questionnaire/")
    assert "déjà répondu" in again.text
    client.post("/evaluation/questionnaire/", ANSWERS | {"contacts": "4"})
    assert SurveyAnswer.objects.get().contacts == 1


def test_answering_twice_in_a_wave_is_refused_in_french(resident, territory):
    data = {"contacts": 2, "knows_whom_to_ask": "yes", "trust": "most", "loneliness": 5}
    services.answer_survey(territory=territory, person=resident, **data)
    with pytest.raises(ValidationError, match="déjà été rempli"):
        services.answer_survey(territory=territory, person=resident, **data)
    assert SurveyAnswer.objects.count() == 1
    # The next wave is another questionnaire.
    services.answer_survey(
        territory=territory, person=resident, on=datetime.date.today() + datetime.timedelta(days=190), **data
    )
    assert SurveyAnswer.objects.count() == 2


@pytest.mark.parametrize("field, value", [("contacts", "9"), ("loneliness", "0"), ("trust", "peut-être")])
def test_an_answer_out_of_range_gets_a_french_message(client_for, resident, field, value):
    response = client_for(resident).post("/evaluation/questionnaire/", ANSWERS | {field: value})
    assert response.status_code == 400
    assert "choix valide" in response.text or "Sélectionnez un choix valide" in response.text
    assert not SurveyAnswer.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [("contacts", 9), ("loneliness", 0), ("loneliness", 6), ("trust", "x"), ("knows_whom_to_ask", "x")],
)
def test_the_database_refuses_values_out_of_range(territory, resident, field, value):
    data = {"contacts": 1, "knows_whom_to_ask": "yes", "trust": "most", "loneliness": 3} | {field: value}
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyAnswer.objects.create(
            territory=territory, wave=wave_of(datetime.date.today()), person=resident, **data
        )


def test_the_database_refuses_a_paper_answer_without_consent(territory, referent):
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyAnswer.objects.create(
            territory=territory,
            wave=wave_of(datetime.date.today()),
            entered_by=referent,
            contacts=1,
            knows_whom_to_ask="yes",
            trust="most",
            loneliness=3,
        )


def test_a_referent_enters_a_paper_questionnaire_with_the_consent_date(client_for, referent, commune):
    client = client_for(referent)
    assert client.get("/evaluation/questionnaire/papier/").status_code == 200
    today = datetime.date.today().isoformat()
    missing = client.post("/evaluation/questionnaire/papier/", ANSWERS | {"commune": commune.pk})
    assert missing.status_code == 400
    assert not SurveyAnswer.objects.exists()
    response = client.post(
        "/evaluation/questionnaire/papier/", ANSWERS | {"commune": commune.pk, "consent_given_on": today}
    )
    assert response.status_code == 302
    answer = SurveyAnswer.objects.get()
    assert (answer.person, answer.entered_by, answer.commune) == (None, referent, commune)
    assert answer.consent_given_on.isoformat() == today


def test_only_referents_enter_paper_questionnaires(client_for, resident, anonymous):
    assert client_for(resident).get("/evaluation/questionnaire/papier/").status_code == 403
    assert anonymous.get("/evaluation/questionnaire/").status_code == 302


def test_answers_are_never_shown_per_person(client_for, resident, coordinator, territory):
    services.answer_survey(
        territory=territory,
        person=resident,
        contacts=0,
        knows_whom_to_ask="no",
        trust="careful",
        loneliness=1,
    )
    page = client_for(coordinator).get("/evaluation/")
    assert page.status_code == 200
    assert resident.display_name not in page.text
    assert "moins de 5 personnes" in page.text


def test_the_personal_home_invites_to_the_questionnaire_until_answered(client_for, resident):
    client = client_for(resident)
    assert "Le questionnaire est ouvert" in client.get("/mon-espace/").text
    client.post("/evaluation/questionnaire/", ANSWERS)
    assert "Le questionnaire est ouvert" not in client.get("/mon-espace/").text


def test_the_desk_offers_to_enter_a_paper_questionnaire(client_for, referent):
    page = client_for(referent).get("/accueil/").text
    assert "/evaluation/questionnaire/papier/" in page
