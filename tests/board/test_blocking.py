"""Blocking a person from a post's page, seeing whom I blocked, and unblocking."""

import pytest

from entraide.board.models import Block, Conversation

from ..factories import UserFactory
from .factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(resident, transport):
    return PostFactory(author=resident, category=transport)


def test_it_blocks_the_author_from_the_post_page(client_for, neighbour, resident, post):
    page = client_for(neighbour).get(post.get_absolute_url()).text
    assert f"/tableau/{post.reference}/bloquer/" in page
    response = client_for(neighbour).post(f"/tableau/{post.reference}/bloquer/")
    assert response.status_code == 302
    assert Block.objects.filter(blocker=neighbour, blocked=resident).exists()
    # Once blocked, the button goes, and the author's messages no longer reach me.
    assert (
        f"/tableau/{post.reference}/bloquer/" not in client_for(neighbour).get(post.get_absolute_url()).text
    )
    my_post = PostFactory(author=neighbour, category=post.category)
    client_for(resident).post(f"/tableau/{my_post.reference}/repondre/", {"body": "Je peux aider"})
    assert not Conversation.objects.exists()


def test_it_offers_no_block_button_to_the_author_nor_to_visitors(client_for, resident, anonymous, post):
    assert "/bloquer/" not in client_for(resident).get(post.get_absolute_url()).text
    assert "/bloquer/" not in anonymous.get(post.get_absolute_url()).text


def test_the_author_cannot_block_themself_from_their_post(client_for, resident, post):
    assert client_for(resident).post(f"/tableau/{post.reference}/bloquer/").status_code == 403
    assert not Block.objects.exists()


def test_blocking_needs_a_post(client_for, neighbour, post):
    assert client_for(neighbour).get(f"/tableau/{post.reference}/bloquer/").status_code == 405
    assert not Block.objects.exists()


def test_it_lists_the_people_i_blocked_and_unblocks_them(client_for, neighbour, resident, territory):
    someone_else = UserFactory(territory=territory, display_name="Paul T.")
    Block.objects.create(territory=territory, blocker=neighbour, blocked=resident)
    Block.objects.create(territory=territory, blocker=someone_else, blocked=neighbour)
    page = client_for(neighbour).get("/tableau/bloques/").text
    assert resident.display_name in page
    assert "Paul T." not in page  # who blocked me is none of my business
    assert "/tableau/bloques/" in client_for(neighbour).get("/tableau/mes-annonces/").text
    response = client_for(neighbour).post(f"/tableau/bloques/{resident.public_id}/debloquer/")
    assert response.status_code == 302 and response["Location"] == "/tableau/bloques/"
    assert not Block.objects.filter(blocker=neighbour).exists()
    assert Block.objects.filter(blocker=someone_else).exists()


def test_one_cannot_lift_someone_elses_block(client_for, neighbour, resident, territory):
    Block.objects.create(territory=territory, blocker=resident, blocked=neighbour)
    response = client_for(neighbour).post(f"/tableau/bloques/{neighbour.public_id}/debloquer/")
    assert response.status_code == 404
    assert Block.objects.filter(blocker=resident, blocked=neighbour).exists()


def test_the_blocked_list_needs_an_account(anonymous):
    assert anonymous.get("/tableau/bloques/").status_code == 302
