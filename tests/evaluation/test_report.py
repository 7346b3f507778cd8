"""The yearly report (PDF) and the researchers' open data (CSV): aggregated, small cells left out."""

import csv
import datetime
import io
import logging

import pytest

from entraide.evaluation import services
from entraide.evaluation.registry import MIN_PEOPLE
from tests.factories import CommuneFactory, UserFactory
from tests.pdfs import assert_tagged, links, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(territory, commune):
    """Seven answers in the commune this wave: a cell that is shown; one elsewhere: hidden."""
    for number in range(7):
        person = UserFactory(commune=commune)
        services.answer_survey(
            territory=territory,
            person=person,
            contacts=number % 5,
            knows_whom_to_ask="yes",
            trust="most",
            loneliness=3,
        )


def test_the_yearly_report_prints_the_chosen_story_and_the_figures(
    client_for, territory, resident, answers, caplog
):
    story = services.tell_story(
        territory=territory, teller=resident, title="Le jardin", body="Lucienne", consent=True
    )
    story = services.publish_story(services.choose_story(story, why="Parce que"))
    services.tell_story(
        territory=territory, teller=resident, title="Secret", body="Pas publié", consent=False
    )
    with caplog.at_level(logging.WARNING):
        response = client_for(None).get(f"/evaluation/bilan-{story.chosen_for.year}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_tagged(response.content)
    assert any(link.startswith("http://a.example.org/evaluation/") for link in links(response.content))
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]
    text = pdf_text(response.content)
    assert "Lucienne" in text and "Parce que" in text
    assert "Pas publié" not in text
    assert "Questionnaires remplis" in text


def test_a_year_to_come_has_no_report(client_for):
    assert client_for(None).get(f"/evaluation/bilan-{datetime.date.today().year + 1}.pdf").status_code == 404


def test_the_open_data_has_no_cell_under_five_people(client_for, territory, answers):
    def answer(commune):
        services.answer_survey(
            territory=territory,
            person=UserFactory(commune=commune),
            contacts=0,
            knows_whom_to_ask="no",
            trust="most",
            loneliness=1,
        )

    # One answer in Loupiac: hidden, and so is the next smallest cell (Rabastens, 5), or the
    # territory's total on /evaluation/ would give Loupiac's away.
    answer(CommuneFactory(territory=territory, insee_code="81099", name="Loupiac"))
    rabastens = CommuneFactory(territory=territory, insee_code="81220", name="Rabastens")
    for _ in range(5):
        answer(rabastens)
    response = client_for(None).get("/evaluation/donnees.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows
    assert all(int(row["personnes"]) >= MIN_PEOPLE for row in rows)
    assert {row["indicateur"] for row in rows} >= {"survey_answers", "survey_trust"}
    assert {row["code_insee"] for row in rows} == {"81070"}
    dictionary = client_for(None).get("/evaluation/dictionnaire.csv").content.decode("utf-8-sig")
    assert "Licence Ouverte" in dictionary and "survey_isolated" in dictionary
