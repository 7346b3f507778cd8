"""The paper board: the poster and the single-post flyer."""

import pytest
import segno

from entraide.board.enums import PostStatus

from ..factories import UserFactory
from ..helpers import assert_constant_queries
from ..pdfs import assert_tagged, figures, links, pdf_text, structure
from .factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def qr_urls(monkeypatch):
    """The URLs the QR codes of a PDF encode."""
    urls = []
    make = segno.make

    def spy(content, *args, **kwargs):
        urls.append(content)
        return make(content, *args, **kwargs)

    monkeypatch.setattr("entraide.board.pdf.segno.make", spy)
    return urls


def test_the_poster_is_a_pdf_of_the_open_posts_with_references_and_qr_codes(
    anonymous, resident, transport, territory, qr_urls
):
    territory.contact_phone = "05 63 00 00 00"
    territory.save()
    open_post = PostFactory(author=resident, category=transport, title="Trajet au marché")
    PostFactory(author=resident, category=transport, status=PostStatus.IN_PROGRESS)
    response = anonymous.get("/tableau/affiche.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert qr_urls == [f"http://a.example.org/tableau/{open_post.reference}/"]


def test_the_poster_text_carries_the_reference_and_the_desk_phone(anonymous, resident, transport, territory):
    territory.contact_phone = "05 63 00 00 00"
    territory.save()
    post = PostFactory(author=resident, category=transport, title="Trajet au marché")
    content = anonymous.get("/tableau/affiche.pdf").content
    text = pdf_text(content)
    assert post.reference in text
    assert "05 63 00 00 00" in text
    assert "Trajet au marché" in text
    assert f"http://a.example.org/tableau/{post.reference}/" in text  # the QR code's address, written out


def test_the_poster_takes_the_board_filters_and_a3(anonymous, resident, categories, qr_urls):
    PostFactory(author=resident, category=categories["transport"])
    garden = PostFactory(author=resident, category=categories["jardinage"])
    assert anonymous.get("/tableau/affiche.pdf?category=jardinage&format=A3").status_code == 200
    assert qr_urls == [f"http://a.example.org/tableau/{garden.reference}/"]


def test_an_empty_poster_still_prints(anonymous, territory):
    assert anonymous.get("/tableau/affiche.pdf").content.startswith(b"%PDF")


def test_the_poster_runs_a_constant_number_of_queries(anonymous, resident, transport):
    def add(n):
        for _ in range(n):
            PostFactory(author=UserFactory(commune=resident.commune), category=transport)

    assert_constant_queries(lambda: anonymous.get("/tableau/affiche.pdf"), add, small=5, large=40)


def test_a_single_post_flyer(anonymous, resident, transport, qr_urls):
    post = PostFactory(author=resident, category=transport)
    response = anonymous.get(f"/tableau/{post.reference}/affiche.pdf")
    assert response.content.startswith(b"%PDF")
    assert post.reference in pdf_text(response.content)
    assert qr_urls == [f"http://a.example.org/tableau/{post.reference}/"]
    post.status = PostStatus.WITHDRAWN
    post.save()
    assert anonymous.get(f"/tableau/{post.reference}/affiche.pdf").status_code == 404


def test_the_poster_is_tagged_and_describes_each_sheet_s_strips_once(
    anonymous, resident, transport, territory
):
    territory.contact_phone = "05 63 00 00 00"
    territory.save()
    posts = [PostFactory(author=resident, category=transport) for _ in range(2)]
    content = anonymous.get("/tableau/affiche.pdf?kind=request").content
    assert_tagged(content, title="Tableau d’entraide · Coufouleux et alentours")
    kinds = structure(content)
    assert (kinds.count("H1"), kinds.count("H2")) == (1, 2)  # the board, then each post
    alternatives = figures(content)
    for post in posts:
        assert f"http://a.example.org/tableau/{post.reference}/" in " ".join(alternatives)
    [strips] = [text for text in alternatives if "05 63 00 00 00" in text]
    assert all(post.reference in strips for post in posts)
    # The poster links to the board it prints, with the same filters.
    assert "http://a.example.org/tableau/?kind=request" in links(content)


def test_the_flyer_is_tagged_and_its_eight_strips_read_once(anonymous, resident, transport, territory):
    territory.contact_phone = "05 63 00 00 00"
    territory.save()
    post = PostFactory(author=resident, category=transport, title="Trajet à Łódź")
    content = anonymous.get(f"/tableau/{post.reference}/affiche.pdf").content
    assert_tagged(content, title=f"{post.reference} · Trajet à Łódź")
    assert structure(content).count("H1") == 1
    [strips] = [text for text in figures(content) if "05 63 00 00 00" in text]
    assert strips.count(post.reference) == 1
    assert f"http://a.example.org/tableau/{post.reference}/" in links(content)
