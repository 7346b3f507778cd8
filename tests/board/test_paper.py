"""The paper board: the poster and the single-post flyer."""

import pytest
import segno

from entraide.board.enums import PostStatus

from ..factories import UserFactory
from ..helpers import assert_constant_queries
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
    from reportlab.lib.pagesizes import A4  # noqa: F401  (reportlab is what writes it)

    territory.contact_phone = "05 63 00 00 00"
    territory.save()
    post = PostFactory(author=resident, category=transport, title="Trajet au marché")
    content = anonymous.get("/tableau/affiche.pdf").content
    text = _pdf_text(content)
    assert post.reference in text
    assert "05 63 00 00 00" in text
    assert "Trajet au march" in text


def _pdf_text(content: bytes) -> str:
    """The text strings drawn in a reportlab PDF (its streams are ASCII85 then Flate encoded)."""
    import base64
    import re
    import zlib

    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        data = stream.strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data if data.startswith(b"<~") else b"<~" + data, adobe=True)
        try:
            data = zlib.decompress(data)
        except zlib.error:
            continue
        chunks += [m.decode("latin-1") for m in re.findall(rb"\((.*?)(?<!\\)\) Tj", data)]
    return " ".join(chunks)


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
    assert post.reference in _pdf_text(response.content)
    assert qr_urls == [f"http://a.example.org/tableau/{post.reference}/"]
    post.status = PostStatus.WITHDRAWN
    post.save()
    assert anonymous.get(f"/tableau/{post.reference}/affiche.pdf").status_code == 404
