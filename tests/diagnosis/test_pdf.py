"""The diagnosis PDF for the council: landscape, tagged, whole words, linked to its page."""

import io
import re

import pytest
from pypdf import PdfReader

from entraide.diagnosis.models import Snapshot

from ..factories import CommuneFactory
from ..pdfs import assert_tagged, links, pdf_text, structure
from .factories import NeedFactory

pytestmark = pytest.mark.django_db


def test_the_pdf_is_a_tagged_landscape_table_that_keeps_whole_words(anonymous, territory, commune, theme):
    bourg = CommuneFactory(territory=territory, insee_code="81099", name="Saint-Centre-bourg-des-Champs")
    NeedFactory(commune=bourg, category=theme, people_count=8)
    response = anonymous.get("/diagnostic/diagnostic.pdf?par=commune")
    assert response["Content-Disposition"].startswith("attachment;")
    content = response.content
    assert_tagged(content)
    [page] = PdfReader(io.BytesIO(content)).pages
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (842, 595)  # A4 landscape
    kinds = structure(content)
    assert "Table" in kinds and "TH" in kinds and kinds.count("H1") == 1
    text = pdf_text(content)
    # A name is cut at its hyphens if at all, never inside a word ("Centre-bour g").
    assert re.search(r"Saint-\s?Centre-\s?bourg-\s?des-\s?Champs", text)
    assert "http://a.example.org/diagnostic/?par=commune" in links(content)


def test_a_snapshot_pdf_links_to_the_snapshot(anonymous, client_for, coordinator, commune, theme):
    NeedFactory(commune=commune, category=theme, people_count=8)
    client_for(coordinator).post("/diagnostic/instantanes/", {"title": "Diagnostic de mars 2026"})
    snapshot = Snapshot.objects.get()
    content = anonymous.get(f"/diagnostic/diagnostic.pdf?instantane={snapshot.public_id}").content
    assert_tagged(content, title="Diagnostic de mars 2026")
    assert f"http://a.example.org/diagnostic/instantanes/{snapshot.public_id}/?par=commune" in links(content)


def test_the_demo_by_neighbourhood_prints_every_word_whole():
    """Issue 9: "Centre-bour g", "Partielleme nt couvert" in the council's PDF by neighbourhood."""
    from django.core.management import call_command
    from django.test import Client

    call_command("demo", "--quiet-logins")
    response = Client().get("/diagnostic/diagnostic.pdf?par=quartier")
    assert response.status_code == 200
    text = pdf_text(response.content)
    for whole in ("Centre-bourg", "Partiellement couvert", "Non couvert", "Hameau du Bois"):
        assert whole in text
    # Every word of every theme, place and status is printed whole (pdftotext joins a word cut at a
    # line's end to the next line with a space, which would leave a piece of it alone).
    tokens = set(text.replace("(", " ").replace(")", " ").replace(",", " ").split())
    for piece in ("bour", "Partielleme", "Partiel", "couver"):
        assert piece not in tokens


def test_the_printed_table_is_split_by_commune_into_at_most_six_places():
    from entraide.diagnosis import table

    data = {
        "themes": [[1, "Courses"]],
        "communes": [[pk, f"Commune {pk}"] for pk in range(1, 9)],
        "neighbourhoods": [[10 + n, 1, f"Quartier {n}"] for n in range(7)] + [[30, 2, "Le Bourg"]],
        "tallies": {},
        "sources": {},
    }
    by_commune = table.build(data, table.BY_COMMUNE)
    assert [(name, len(places)) for name, places in by_commune.pages()] == [("", 6), ("", 2)]
    by_neighbourhood = table.build(data, table.BY_NEIGHBOURHOOD)
    assert [(name, len(places)) for name, places in by_neighbourhood.pages()] == [
        ("Commune 1", 6),
        ("Commune 1", 2),
        ("Commune 2", 2),
        *[(f"Commune {pk}", 1) for pk in range(3, 9)],
    ]
