"""The demo: a year of feedback, the questionnaire in two waves, five stories with one chosen per
quarter; /evaluation/ shows figures, the yearly report builds from it; loading twice adds nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from entraide.evaluation.models import Feedback, Story, SurveyAnswer
from entraide.territories.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    return Territory.objects.get(is_demo=True)


def test_the_demo_tells_a_year_of_evaluation(demo):
    assert Feedback.objects.filter(kind="exchange").dates("created_at", "month").count() >= 12
    assert SurveyAnswer.objects.values("wave").distinct().count() == 2
    assert SurveyAnswer.objects.filter(entered_by__isnull=False, consent_given_on__isnull=False).exists()
    assert Story.objects.count() == 5
    chosen = Story.objects.filter(chosen_for__isnull=False)
    assert chosen.count() == 4 and chosen.values("chosen_for").distinct().count() == 4
    assert not Story.objects.filter(published=True, consent_to_publish=False).exists()
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    assert Story.objects.count() == 5


def test_the_demo_shows_figures_and_builds_the_yearly_report(demo):
    client = Client()
    page = client.get("/evaluation/").text
    assert "Questionnaires remplis" in page
    assert "Je ne mange plus seule le mardi" in page
    year = timezone.localdate().year
    response = client.get(f"/evaluation/bilan-{year}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
