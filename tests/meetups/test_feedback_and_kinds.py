"""After a meetup, those who came answer in one click ("Did it do you good?", "Did you meet someone
new?") on its page; nobody else may. The usual kinds, made for a new territory, include the repair
café (which the lending module may later host in its rooms)."""

import datetime

import pytest
from django.utils import timezone

from entraide.evaluation.models import Feedback
from entraide.meetups import services
from entraide.meetups.defaults import ensure_default_kinds
from entraide.meetups.models import MeetupKind, Occurrence

from ..factories import TerritoryFactory, UserFactory
from .factories import make_meetup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_those_who_came_give_their_feedback_in_one_click_and_nobody_else(
    client_for, referent, resident, commune
):
    cafe = make_meetup(referent, title="Café solidaire", registration_required=True, capacity=10)
    occurrence = cafe.occurrences.get()
    services.register(occurrence, resident)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=yesterday, ends_at=yesterday + datetime.timedelta(hours=2)
    )
    page = client_for(resident).get(Occurrence.objects.get(pk=occurrence.pk).get_absolute_url())
    assert "Avez-vous rencontré quelqu’un de nouveau" in page.text or "rencontré" in page.text
    answer = {
        "kind": "meetup",
        "subject": str(occurrence.public_id),
        "did_good": "yes",
        "met_someone_new": "yes",
    }
    response = client_for(resident).post("/retour/", answer)
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.person, feedback.did_good, feedback.met_someone_new) == (resident, True, True)
    stranger = UserFactory(commune=commune)
    assert client_for(stranger).post("/retour/", answer).status_code == 404
    assert client_for(resident).post("/retour/", answer).status_code == 302  # already given: said so
    assert Feedback.objects.count() == 1


def test_the_usual_kinds_include_the_repair_cafe_in_each_territory():
    first, second = TerritoryFactory(slug="premier"), TerritoryFactory(slug="second")
    for territory in (first, second):
        ensure_default_kinds(territory)
        ensure_default_kinds(territory)  # once only
    names = dict(MeetupKind.objects.in_territory(first).values_list("slug", "name"))
    assert names["repair-cafe"] == "Repair café" and names["cafe-solidaire"] == "Café solidaire"
    assert set(names) == {"cafe-solidaire", "forum", "atelier", "repair-cafe", "sortie", "autre"}
    assert MeetupKind.objects.in_territory(second).count() == 6
