import pytest

from entraide.board.enums import PostStatus

from .factories import PostFactory

pytestmark = pytest.mark.django_db


def test_the_atom_feed_lists_open_posts_with_the_board_filters(anonymous, resident, categories):
    transport = PostFactory(author=resident, category=categories["transport"], title="Trajet")
    PostFactory(author=resident, category=categories["jardinage"], title="Jardin", offer=True)
    PostFactory(
        author=resident, category=categories["transport"], title="Pris", status=PostStatus.IN_PROGRESS
    )
    response = anonymous.get("/tableau/flux.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Trajet" in response.text and "Jardin" in response.text and "Pris" not in response.text
    assert f"/tableau/{transport.reference}/" in response.text
    filtered = anonymous.get("/tableau/flux.atom?kind=offer").text
    assert "Jardin" in filtered and "Trajet" not in filtered


def test_the_feed_never_carries_markup_or_contact_details(anonymous, resident, transport):
    resident.phone = "06 99 99 99 99"
    resident.save()
    PostFactory(author=resident, category=transport, body="a < b & c")
    text = anonymous.get("/tableau/flux.atom").text
    assert "06 99 99 99 99" not in text and resident.email not in text
    assert "<b " not in text and "&amp;lt; b &amp;amp; c" in text
