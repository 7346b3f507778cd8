"""The board's pages are valid HTML, according to the Nu Html Checker (skipped without it)."""

import pytest
from django.utils import timezone

from ..test_html_validity import assert_valid_html, checker_command
from .factories import ConversationFactory, MessageFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_the_board_pages_are_valid_html(
    client_for, resident, neighbour, referent, assisted, categories, tmp_path
):
    checker_command()  # skips early, before building data, when the checker is missing
    post = PostFactory(author=resident, category=categories["transport"], urgent=True)
    PostFactory(author=neighbour, category=categories["transport"], offer=True)
    desk_post = PostFactory(author=assisted, category=categories["courses"], entered_by=referent)
    conversation = ConversationFactory(post=post, replier=neighbour, accepted_at=timezone.now())
    MessageFactory(conversation=conversation, sender=neighbour)
    desk_conversation = ConversationFactory(post=desk_post, replier=neighbour)
    MessageFactory(conversation=desk_conversation, sender=neighbour)
    anonymous, author, helper, desk = (
        client_for(),
        client_for(resident),
        client_for(neighbour),
        client_for(referent),
    )
    pages = {
        "board": (anonymous, "/tableau/?kind=request"),
        "post-public": (anonymous, post.get_absolute_url()),
        "post-author": (author, post.get_absolute_url()),
        "post-helper": (helper, post.get_absolute_url()),
        "create": (author, "/tableau/nouvelle/"),
        "edit": (author, f"/tableau/{post.reference}/modifier/"),
        "done": (author, f"/tableau/{post.reference}/fait/"),
        "report": (helper, f"/tableau/{post.reference}/signaler/"),
        "conversation": (author, conversation.get_absolute_url()),
        "mine": (helper, "/tableau/mes-annonces/"),
        "preferences": (author, "/tableau/preferences/"),
        "desk": (desk, "/accueil/"),
        "desk-create": (desk, "/accueil/annonces/nouvelle/"),
        "desk-inbox": (desk, "/accueil/boite/"),
        "desk-follow-up": (desk, "/accueil/suivi/"),
        "desk-moderation": (desk, "/accueil/moderation/"),
        "desk-exchanges": (desk, "/accueil/echanges/"),
        "desk-conversation": (desk, desk_conversation.get_absolute_url()),
    }
    assert_valid_html(pages, tmp_path)
