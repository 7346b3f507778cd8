"""After a help is recorded on the board, the person helped and the helper get the one-click
feedback: on the post's page and in their personal home; nobody else can give it."""

import pytest
from django.utils import timezone

from entraide.board import services as board_services
from entraide.categories.defaults import ensure_default_categories
from entraide.categories.models import Category
from entraide.evaluation.models import Feedback
from tests.board.factories import ConversationFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchange(territory, resident, neighbour):
    ensure_default_categories(territory)
    post = PostFactory(author=resident, category=Category.objects.in_territory(territory).first())
    conversation = ConversationFactory(post=post, replier=neighbour)
    return board_services.mark_done(
        post, by=resident, conversation=conversation, happened_on=timezone.localdate()
    )


def test_the_person_helped_is_asked_on_the_post_page_after_recording(client_for, resident, exchange):
    response = client_for(resident).get(exchange.post.get_absolute_url())
    assert "Votre avis" in response.text
    assert str(exchange.public_id) in response.text


def test_the_helper_answers_in_one_click_from_the_personal_home(client_for, neighbour, exchange):
    client = client_for(neighbour)
    home = client.get("/mon-espace/")
    assert "Aide donnée à Sophie L." in home.text
    response = client.post(
        "/retour/",
        {"kind": "exchange", "subject": exchange.public_id, "did_good": "yes", "met_someone_new": "yes"},
    )
    assert response.status_code == 302
    assert response.url == exchange.post.get_absolute_url()
    feedback = Feedback.objects.get()
    assert (feedback.person, feedback.kind, feedback.did_good) == (neighbour, "exchange", True)
    assert "Aide donnée à Sophie L." not in client.get("/mon-espace/").text


def test_someone_else_cannot_give_feedback_on_the_exchange(client_for, referent, outsider, exchange):
    for person in (referent, outsider):
        response = client_for(person).post(
            "/retour/", {"kind": "exchange", "subject": exchange.public_id, "did_good": "yes"}
        )
        assert response.status_code == 404
    assert "Votre avis" not in client_for(referent).get(exchange.post.get_absolute_url()).text
    assert not Feedback.objects.exists()
