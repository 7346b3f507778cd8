"""The board's pages are valid HTML, according to the Nu Html Checker (skipped without it)."""

from pathlib import Path

import pytest
from django.utils import timezone

from ..test_html_validity import checker_command, describe, run_checker
from .factories import ConversationFactory, MessageFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_the_board_pages_are_valid_html(
    client_for, resident, neighbour, referent, assisted, categories, tmp_path
):
    command = checker_command()
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
    files = []
    for name, (client, path) in pages.items():
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        file = tmp_path / f"{name}.html"
        file.write_text(response.content.decode(), encoding="utf-8")
        files.append(file)
    errors = [
        describe(Path(m.get("url", "?").removeprefix("file:")).stem, m)
        for m in run_checker(command, files)
        if m.get("type") != "info"
    ]
    assert not errors, "\n".join(errors)
