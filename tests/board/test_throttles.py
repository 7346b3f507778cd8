"""Posts and messages are limited per person, duplicates sent at once are stored once,
and a burst of messages sends one email, not one per message (issue 8, item 7)."""

import pytest
from django.core import mail
from django.db import connection

from entraide.board import services
from entraide.board.models import Conversation, Message, Post
from entraide.core.throttle import Throttled

from ..concurrency import run_together
from ..factories import CommuneFactory, TerritoryFactory, UserFactory
from .factories import CategoryFactory, PostFactory
from .test_posting import post_data

pytestmark = pytest.mark.django_db


def test_a_sixth_post_in_an_hour_is_refused_with_a_french_message(client_for, resident, transport, commune):
    client = client_for(resident)
    for n in range(5):
        response = client.post("/tableau/nouvelle/", post_data(transport, commune, title=f"Trajet {n}"))
        assert response.status_code == 302
    response = client.post("/tableau/nouvelle/", post_data(transport, commune, title="Trajet 6"))
    assert response.status_code == 400
    assert "Vous avez publié 5 annonces en 1\xa0heure" in response.text
    assert Post.objects.filter(author=resident).count() == 5


def test_messages_past_the_limit_are_refused(resident, neighbour):
    post = PostFactory(author=resident)
    conversation = services.reply(post, replier=neighbour, body="Bonjour")
    for n in range(19):
        services.send_message(conversation, sender=neighbour, body=f"Message {n}")
    with pytest.raises(Throttled) as refused:
        services.send_message(conversation, sender=neighbour, body="Encore un")
    assert refused.value.messages[0].startswith("Vous avez envoyé 20 messages en 10\xa0minutes\xa0:")
    assert Message.objects.filter(sender=neighbour).count() == 20


def test_a_burst_of_messages_sends_one_email_until_the_conversation_is_read(
    client_for, resident, neighbour, committing
):
    post = PostFactory(author=resident)
    with committing():
        conversation = services.reply(post, replier=neighbour, body="Bonjour")
        for n in range(15):
            services.send_message(conversation, sender=neighbour, body=f"Message {n}")
    assert [m.to for m in mail.outbox] == [[resident.email]]

    client_for(resident).get(conversation.get_absolute_url())  # the author reads it
    with committing():
        services.send_message(conversation, sender=neighbour, body="Vous avez vu ?")
        services.send_message(conversation, sender=neighbour, body="Je repasse demain.")
    assert [m.to for m in mail.outbox] == [[resident.email], [resident.email]]

    with committing():
        for n in range(3):
            services.send_message(conversation, sender=resident, body=f"Réponse {n}")
    assert [m.to for m in mail.outbox][2:] == [[neighbour.email]]


@pytest.mark.django_db(transaction=True)
def test_eight_identical_posts_sent_at_once_store_one_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: run with DATABASE_URL=postgres://…")
    territory = TerritoryFactory(slug="concurrence", hostnames="c.example.org")
    author = UserFactory(commune=CommuneFactory(territory=territory))
    category = CategoryFactory(territory=territory)

    def publish():
        post = Post(kind="request", title="Un trajet", category=category, commune=author.commune)
        return services.publish_post(post, author=author).pk

    outcomes = run_together([publish] * 8)
    assert [o for o in outcomes if o[0] == "crash"] == []
    assert sum(o[0] == "ok" for o in outcomes) == 1
    assert Post.objects.filter(author=author).count() == 1


@pytest.mark.django_db(transaction=True)
def test_eight_identical_messages_sent_at_once_store_one_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: run with DATABASE_URL=postgres://…")
    territory = TerritoryFactory(slug="concurrence", hostnames="c.example.org")
    commune = CommuneFactory(territory=territory)
    post = PostFactory(author=UserFactory(commune=commune))
    conversation = Conversation.objects.create(post=post, replier=UserFactory(commune=commune))

    def send():
        return services.send_message(conversation, sender=conversation.replier, body="Je peux venir").pk

    outcomes = run_together([send] * 8)
    assert [o for o in outcomes if o[0] == "crash"] == []
    assert Message.objects.filter(conversation=conversation).count() == 1


def test_a_date_far_in_the_future_is_refused_on_a_post(client_for, resident, transport, commune):
    response = client_for(resident).post(
        "/tableau/nouvelle/", post_data(transport, commune, when="date", when_date="9999-12-31")
    )
    assert response.status_code == 400
    assert "Choisissez une date jusqu’au" in response.text
    assert 'max="' in response.text
    assert not Post.objects.exists()
