"""The personal space: a neighbour's reply shows in the menu, on the home page and in /mon-espace/,
without JavaScript, and clears once read; what waits is computed in a bounded number of queries."""

import datetime
import re
import uuid

import pytest
from django.utils import timezone

from entraide.board import services
from entraide.board.models import Conversation, Message, Post
from entraide.people.models import User
from entraide.timebank import services as timebank_services

from ..helpers import assert_constant_queries
from .factories import ConversationFactory, PostFactory

pytestmark = pytest.mark.django_db

MENU_COUNT = re.compile(r'<span class="menu-count">(\d+)<')


def menu_count(response) -> int:
    """The count next to "Mon espace" in the menu (0 when none is shown)."""
    found = MENU_COUNT.search(response.content.decode())
    return int(found.group(1)) if found else 0


@pytest.fixture
def request_of(resident, categories):
    return PostFactory(author=resident, category=categories["transport"], title="Un trajet au marché")


def test_a_neighbours_reply_shows_in_the_menu_on_every_page_and_clears_once_read(
    client_for, resident, neighbour, request_of
):
    me = client_for(resident)
    assert menu_count(me.get("/tableau/")) == 0

    conversation = services.reply(request_of, replier=neighbour, body="Je peux vous emmener samedi.")

    for path in ("/", "/tableau/", "/compte/profil/", "/banque-du-temps/"):
        assert menu_count(me.get(path)) == 1, path
    space = me.get("/mon-espace/").content.decode()
    assert "Karim B." in space and request_of.reference in space
    assert conversation.get_absolute_url() in space

    me.get(conversation.get_absolute_url())  # reading it

    assert menu_count(me.get("/tableau/")) == 0
    assert conversation.get_absolute_url() not in me.get("/mon-espace/").content.decode()


def test_the_home_page_says_what_waits_once_logged_in(client_for, anonymous, resident, neighbour, request_of):
    services.reply(request_of, replier=neighbour, body="Je peux vous emmener samedi.")

    home = client_for(resident).get("/").content.decode()

    assert "Karim B." in home and "Un trajet au marché" in home
    assert "/mon-espace/" in home
    assert "Karim B." not in anonymous.get("/").content.decode()


def test_a_reply_to_my_message_is_unread_for_me_but_not_my_own_message(
    client_for, resident, neighbour, request_of
):
    conversation = services.reply(request_of, replier=neighbour, body="Je peux vous emmener samedi.")
    assert menu_count(client_for(neighbour).get("/tableau/")) == 0  # they wrote it

    client_for(resident).post(conversation.get_absolute_url(), {"body": "Merci, à samedi !"})

    assert menu_count(client_for(resident).get("/tableau/")) == 0  # I answered: I read it
    assert menu_count(client_for(neighbour).get("/tableau/")) == 1


def test_help_said_done_waits_for_the_author_to_confirm(client_for, resident, neighbour, request_of):
    conversation = services.reply(request_of, replier=neighbour, body="Je peux.")
    services.accept(conversation, by=resident)
    services.propose_done(conversation, by=neighbour)

    space = client_for(resident).get("/mon-espace/").content.decode()

    assert f"/tableau/{request_of.reference}/fait/" in space


def test_hours_to_confirm_and_the_balance_show_in_the_space(client_for, resident, neighbour):
    timebank_services.open_account(resident)
    timebank_services.open_account(neighbour)
    timebank_services.record_claim(
        helper=neighbour,
        receiver=resident,
        minutes=90,
        happened_on=timezone.localdate(),
        description="Courses",
        idempotency_key=uuid.uuid4(),
    )

    response = client_for(resident).get("/mon-espace/")
    space = response.content.decode()

    assert "1 h 30" in space
    assert menu_count(response) == 1


def test_a_referent_sees_the_desk_sections_of_every_app(
    client_for, referent, assisted, neighbour, categories
):
    post = PostFactory(author=assisted, entered_by=referent, category=categories["transport"])
    services.reply(post, replier=neighbour, body="Je peux aider Germaine.")

    desk = client_for(referent).get("/accueil/").content.decode()

    assert "Karim B." in desk and post.reference in desk
    assert "/accueil/banque-du-temps/heures/" in desk  # the time bank's part
    assert "/accueil/personnes/" in desk  # people's part


def _many_unread(author, neighbour, categories, n):
    """n posts of `author`, each with an unread reply, plus n conversations `neighbour` replied in."""
    now = timezone.now()
    repliers = User.objects.bulk_create(
        [
            User(
                territory=author.territory,
                commune=author.commune,
                email=f"voisin-{Post.objects.count()}-{i}@example.org",
                display_name=f"Voisin {i}",
            )
            for i in range(n)
        ]
    )
    posts = [
        PostFactory.build(
            author=author, category=categories["transport"], reference=f"B-T{Post.objects.count()}X{i}"
        )
        for i in range(n)
    ]
    for post in posts:
        post.search_text = ""
    posts = Post.objects.bulk_create(posts)
    conversations = Conversation.objects.bulk_create(
        [
            Conversation(post=post, replier=replier, last_message_at=now)
            for post, replier in zip(posts, repliers, strict=True)
        ]
    )
    Message.objects.bulk_create(
        [Message(conversation=c, sender=c.replier, body="Bonjour", created_at=now) for c in conversations]
    )
    return conversations


def test_the_personal_space_runs_a_bounded_number_of_queries(client_for, resident, neighbour, categories):
    timebank_services.open_account(resident)
    me = client_for(resident)
    assert_constant_queries(
        lambda: me.get("/mon-espace/"), lambda n: _many_unread(resident, neighbour, categories, n)
    )
    assert menu_count(me.get("/tableau/")) == 500


def test_the_desk_overview_runs_a_bounded_number_of_queries(client_for, referent, assisted, categories):
    desk = client_for(referent)
    assert_constant_queries(
        lambda: desk.get("/accueil/"), lambda n: _many_unread(assisted, None, categories, n)
    )


def test_old_conversations_are_not_announced_as_new(resident, neighbour, request_of):
    """The migration marks conversations from before the read markers as read; so does a sender."""
    conversation = ConversationFactory(post=request_of, replier=neighbour)
    Conversation.objects.filter(pk=conversation.pk).update(
        author_read_at=timezone.now(), last_message_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert not Conversation.objects.unread_by(resident).exists()
