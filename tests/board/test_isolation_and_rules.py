"""Logged into territory A, nothing of the board of territory B can be read or changed; who may do what."""

import pytest

from entraide.board import rules
from entraide.board.enums import PostStatus, Visibility
from entraide.board.models import Conversation, Message, Post

from .factories import CategoryFactory, ConversationFactory, MessageFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post_of_b(outsider, other_territory):
    return PostFactory(
        author=outsider, category=CategoryFactory(territory=other_territory), title="Annonce de B"
    )


@pytest.fixture
def conversation_of_b(post_of_b, other_territory):
    from ..factories import UserFactory

    replier = UserFactory(commune=post_of_b.commune)
    return ConversationFactory(post=post_of_b, replier=replier)


@pytest.mark.parametrize("suffix", ["", "affiche.pdf", "modifier/", "fait/", "signaler/"])
def test_a_referent_of_a_gets_404_on_posts_of_b(client_for, referent, post_of_b, suffix):
    assert client_for(referent).get(f"/tableau/{post_of_b.reference}/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["retirer/", "prolonger/", "repondre/", "signaler/", "modifier/"])
def test_posting_to_posts_of_b_changes_nothing(client_for, resident, post_of_b, suffix):
    response = client_for(resident).post(
        f"/tableau/{post_of_b.reference}/{suffix}", {"body": "Piraté", "reason": "x", "title": "Piraté"}
    )
    assert response.status_code == 404
    post_of_b.refresh_from_db()
    assert (post_of_b.title, post_of_b.status) == ("Annonce de B", PostStatus.OPEN)
    assert not Conversation.objects.filter(post=post_of_b).exists()


def test_conversations_and_messages_of_b_answer_404(client_for, administrator, conversation_of_b):
    client = client_for(administrator)
    url = conversation_of_b.get_absolute_url()
    message = MessageFactory(conversation=conversation_of_b)
    assert client.get(url).status_code == 404
    for action in ("accepter/", "partager/", "bloquer/", "c-est-fait/"):
        assert client.post(f"{url}{action}").status_code == 404
    assert client.post(url, {"body": "Piraté"}).status_code == 404
    assert client.get(f"/tableau/messages/{message.public_id}/signaler/").status_code == 404
    assert not Message.objects.filter(body="Piraté").exists()


def test_moderating_a_post_of_b_answers_404(client_for, administrator, post_of_b):
    response = client_for(administrator).post(
        f"/accueil/moderation/{post_of_b.reference}/", {"kind": "hide", "reason": "x"}
    )
    assert response.status_code == 404
    post_of_b.refresh_from_db()
    assert post_of_b.visibility == Visibility.VISIBLE


def test_the_poster_and_feed_of_a_never_show_b(anonymous, post_of_b):
    assert "Annonce de B" not in anonymous.get("/tableau/flux.atom").text
    assert anonymous.get("/tableau/affiche.pdf").status_code == 200


@pytest.mark.parametrize(
    ("persona", "see_hidden", "edit", "reply", "moderate"),
    [
        ("resident", True, True, False, False),  # the author
        ("neighbour", False, False, True, False),
        ("referent", True, False, True, True),
        ("administrator", True, False, True, True),
        ("coordinator", False, False, True, False),
        ("outsider", False, False, False, False),
    ],
)
def test_rules_matrix(request, territory, resident, transport, persona, see_hidden, edit, reply, moderate):
    user = request.getfixturevalue(persona)
    post = PostFactory(author=resident, category=transport)
    assert rules.can_edit_post(user, territory, post) is edit
    assert rules.can_reply(user, territory, post) is reply
    assert rules.can_moderate(user, territory, post) is moderate
    post.visibility = Visibility.HIDDEN
    assert rules.can_see_post(user, territory, post) is see_hidden


def test_a_referent_speaks_for_an_assisted_author_only(territory, referent, assisted, resident, transport):
    assert rules.speaks_for(referent, territory, assisted)
    assert not rules.speaks_for(referent, territory, resident)
    post = PostFactory(author=assisted, category=transport, entered_by=referent)
    assert rules.can_edit_post(referent, territory, post)
    assert rules.can_mark_done(referent, territory, post)


def test_the_author_side_sees_its_own_hidden_post(client_for, resident, transport, anonymous):
    post = PostFactory(author=resident, category=transport, visibility=Visibility.HIDDEN)
    assert client_for(resident).get(post.get_absolute_url()).status_code == 200
    assert anonymous.get(post.get_absolute_url()).status_code == 404
    assert Post.objects.in_territory(resident.territory).public().count() == 0


@pytest.mark.parametrize(
    ("status", "edit", "withdraw", "renew", "done", "reply"),
    [
        (PostStatus.OPEN, True, True, True, True, True),
        (PostStatus.IN_PROGRESS, False, True, False, True, False),
        (PostStatus.DONE, False, False, False, False, False),
        (PostStatus.WITHDRAWN, False, False, False, False, False),
        (PostStatus.EXPIRED, True, False, True, False, False),
    ],
)
def test_what_the_author_and_others_may_do_in_each_state(
    territory, resident, neighbour, transport, status, edit, withdraw, renew, done, reply
):
    post = PostFactory(author=resident, category=transport, status=status)
    assert rules.can_edit_post(resident, territory, post) is edit
    assert rules.can_withdraw_post(resident, territory, post) is withdraw
    assert rules.can_renew_post(resident, territory, post) is renew
    assert rules.can_mark_done(resident, territory, post) is done
    assert rules.can_reply(neighbour, territory, post) is reply
    assert not rules.can_edit_post(neighbour, territory, post)
