"""Evaluation in Chromium, the issue's "Done means": a resident answers the feedback in one click
after a help recorded on the board, and the questionnaire on paper through the referent (without
JavaScript); /evaluation/ shows every module's figures with charts a screen reader reads as
tables (role="img", a title and a description, then the data table). axe runs on every page.

Fields and buttons are found by their `name` or their form's address, never by their wording.
"""

import datetime

import pytest
from django.utils import timezone

from entraide.board import services as board_services
from entraide.categories.defaults import ensure_default_categories
from entraide.categories.models import Category
from entraide.evaluation import registry
from entraide.evaluation.models import Feedback, SurveyAnswer
from entraide.people.models import User
from tests.board.factories import ConversationFactory, PostFactory
from tests.browser.journey import log_in, submit

PASSWORD = "entraide-demo"
PHONE = {"width": 390, "height": 844}
RESIDENT = "habitant3@demo.entraide.invalid"  # Sophie L.
HELPER = "habitant4@demo.entraide.invalid"  # Karim B.
REFERENT = "referent.81070@demo.entraide.invalid"


@pytest.fixture
def recorded_help(demo_territory):
    """Karim helped Sophie with her shopping: recorded from her post."""
    ensure_default_categories(demo_territory)
    sophie, karim = User.objects.get(email=RESIDENT), User.objects.get(email=HELPER)
    post = PostFactory(author=sophie, category=Category.objects.in_territory(demo_territory).first())
    conversation = ConversationFactory(post=post, replier=karim)
    return board_services.mark_done(
        post, by=sophie, conversation=conversation, happened_on=timezone.localdate()
    )


def test_a_resident_answers_the_feedback_in_one_click_after_a_recorded_help(
    new_context, visit, recorded_help
):
    page = new_context(viewport=PHONE).new_page()
    log_in(page, visit, RESIDENT)
    visit(recorded_help.post.get_absolute_url(), on=page)
    form = page.locator("main section.feedback form")
    form.locator("input[name=did_good][value=yes]").check()
    form.locator("input[name=met_someone_new][value=yes]").check()
    submit(page, "section.feedback form")
    feedback = Feedback.objects.get()
    assert (feedback.person.email, feedback.kind, feedback.did_good) == (RESIDENT, "exchange", True)
    assert page.locator("main section.feedback form").count() == 0


def test_a_referent_enters_a_paper_questionnaire_without_javascript(new_context, visit, demo_territory):
    page = new_context(javascript=False, viewport=PHONE).new_page()
    log_in(page, visit, REFERENT)
    visit("/evaluation/questionnaire/papier/", on=page)
    form = "form[action='/evaluation/questionnaire/papier/']"
    submit(page, form)  # nothing filled: the French errors, nothing saved
    assert page.title().startswith("Erreur")
    assert not SurveyAnswer.objects.exists()
    commune = User.objects.get(email=REFERENT).commune
    page.locator("main select[name=commune]").select_option(str(commune.pk))
    page.locator("main input[name=consent_given_on]").fill(timezone.localdate().isoformat())
    page.locator("main input[name=contacts][value='1']").check()
    page.locator("main input[name=knows_whom_to_ask][value=unsure]").check()
    page.locator("main input[name=trust][value=careful]").check()
    page.locator("main input[name=loneliness][value='2']").check()
    submit(page, form)
    answer = SurveyAnswer.objects.get()
    assert (answer.person, answer.entered_by.email, answer.commune, answer.loneliness) == (
        None,
        REFERENT,
        commune,
        2,
    )


def test_the_charts_read_as_tables(new_context, visit, demo_territory):
    from entraide.evaluation import services

    referent = User.objects.get(email=REFERENT)
    for _ in range(6):
        services.answer_survey(
            territory=demo_territory,
            commune=referent.commune,
            entered_by=referent,
            consent_given_on=datetime.date.today(),
            contacts=2,
            knows_whom_to_ask="yes",
            trust="most",
            loneliness=4,
        )
    page = visit("/evaluation/", on=new_context().new_page())
    charts = page.locator("main svg[role=img]")
    assert charts.count() == len(registry.figures())
    for index in range(charts.count()):
        chart = charts.nth(index)
        labelled = chart.get_attribute("aria-labelledby").split()
        assert page.locator(f"[id='{labelled[0]}']").evaluate("e => e.tagName") == "title"
        assert page.locator(f"[id='{labelled[1]}']").evaluate("e => e.tagName") == "desc"
        assert chart.locator("xpath=ancestor::section[1]//table").count() == 1
    table = page.locator("main table:has(caption[id='survey_answers-caption'])")
    assert "6" in table.inner_text()
