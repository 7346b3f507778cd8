"""A post held for approval: its author is told on screen while it waits, and by email once approved."""

import pytest
from django.core import mail
from django.utils import translation

from entraide.board.enums import Visibility
from entraide.board.models import BoardSettings, Post

from .factories import PostFactory
from .test_posting import post_data

pytestmark = pytest.mark.django_db

WAITING = "va relire votre annonce avant sa publication"  # "A referent will check your post…"


def test_the_author_is_told_on_the_post_page_while_it_is_held(
    client_for, resident, transport, commune, territory
):
    BoardSettings.objects.create(territory=territory, hold_new_accounts=True)
    client = client_for(resident)
    response = client.post("/tableau/nouvelle/", post_data(transport, commune), follow=True)
    post = Post.objects.get()
    assert post.visibility == Visibility.PENDING
    assert response.text.count(WAITING) == 2  # the flash message, and the notice on the page itself
    # Coming back later, the notice is still there, and "my posts" says it waits.
    assert WAITING in client.get(post.get_absolute_url()).text
    mine = client.get("/tableau/mes-annonces/").text
    with translation.override("fr"):
        assert f"({Visibility.PENDING.label})" in mine


def test_a_visible_post_shows_no_waiting_notice(client_for, resident, transport):
    post = PostFactory(author=resident, category=transport)
    assert WAITING not in client_for(resident).get(post.get_absolute_url()).text


def test_the_author_is_emailed_when_the_held_post_is_approved(
    client_for, referent, resident, transport, committing
):
    post = PostFactory(author=resident, category=transport, title="En attente", visibility=Visibility.PENDING)
    with committing():
        client_for(referent).post(
            f"/accueil/moderation/{post.reference}/", {"kind": "approve", "reason": "Conforme"}
        )
    approved = [message for message in mail.outbox if message.to == [resident.email]]
    assert len(approved) == 1
    assert post.reference in approved[0].subject
    assert "En attente" in approved[0].body and post.get_absolute_url() in approved[0].body
    assert "Conforme" not in approved[0].body  # the reason stays in the moderation log


def test_restoring_a_hidden_post_sends_no_approval_email(
    client_for, referent, resident, transport, committing
):
    post = PostFactory(author=resident, category=transport, visibility=Visibility.HIDDEN)
    with committing():
        client_for(referent).post(
            f"/accueil/moderation/{post.reference}/", {"kind": "restore", "reason": "Erreur"}
        )
    post.refresh_from_db()
    assert post.visibility == Visibility.VISIBLE
    assert not [message for message in mail.outbox if message.to == [resident.email]]


def test_a_refused_approval_sends_nothing(client_for, referent, resident, transport, committing):
    post = PostFactory(author=resident, category=transport, visibility=Visibility.PENDING)
    with committing():
        client_for(referent).post(f"/accueil/moderation/{post.reference}/", {"kind": "approve", "reason": ""})
    post.refresh_from_db()
    assert post.visibility == Visibility.PENDING
    assert not mail.outbox
