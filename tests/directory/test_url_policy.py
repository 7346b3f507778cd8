"""Addresses in the directory: only http and https go in (forms, imports), and none other comes out
(pages, CSV, data·inclusion, JSON-LD), even from rows stored before the rule."""

import csv as stdlib_csv
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from entraide.directory.models import ImportBatch, Initiative

from .factories import InitiativeFactory
from .test_import import csv_bytes, row
from .test_proposals import proposal

pytestmark = pytest.mark.django_db

DANGEROUS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]
DANGER = re.compile(r"(?i)(javascript|vbscript|data):")


def upload(client, content: bytes, name: str):
    return client.post("/initiatives/import/", {"file": SimpleUploadedFile(name, content, "text/csv")})


@pytest.mark.parametrize("url", DANGEROUS)
@pytest.mark.parametrize("field", ["website", "links"])
def test_the_form_refuses_any_address_but_the_web(client_for, resident, commune, field, url):
    response = client_for(resident).post("/initiatives/proposer/", proposal(commune, **{field: url}))
    assert response.status_code == 400
    assert "seules les adresses en http:// et https:// sont acceptées" in response.text or (
        "caractères invisibles" in response.text
    )
    assert not Initiative.objects.exists()


def test_the_form_takes_web_links_one_per_line(client_for, referent, commune):
    links = "https://a.example.org\r\nb.example.org/page"
    client_for(referent).post(
        "/initiatives/proposer/", proposal(commune, website="coufouleux.fr", links=links)
    )
    initiative = Initiative.objects.get()
    assert (initiative.website, initiative.links) == (
        "https://coufouleux.fr",
        "https://a.example.org\nhttps://b.example.org/page",
    )


@pytest.mark.parametrize("url", DANGEROUS)
def test_a_csv_import_refuses_the_row_in_french(client_for, referent, commune, url):
    content = csv_bytes([row(website=url), row(name="Liens fictifs", links=f"https://a.example.org|{url}")])
    upload(client_for(referent), content, "annuaire.csv")
    report = ImportBatch.objects.get().report
    assert [line["outcome"] for line in report] == ["error", "error"]
    for line in report:
        assert any("http://" in message or "invisibles" in message for message in line["messages"])
    assert not Initiative.objects.exists()


def test_a_data_inclusion_import_refuses_a_javascript_site(client_for, referent, commune):
    structure = {
        "id": "s1",
        "nom": "Structure fictive",
        "code_insee": "81070",
        "site_web": "javascript:alert(1)",
    }
    upload(client_for(referent), json.dumps([structure]).encode(), "structures.json")
    line = ImportBatch.objects.get().report[0]
    assert line["outcome"] == "error"
    assert any("n’est pas une adresse web" in message for message in line["messages"])


@pytest.fixture
def stored(commune):
    """Rows stored before the rule, as an old import or the admin shell could leave them."""
    return InitiativeFactory(
        commune=commune,
        name="Entrée ancienne fictive",
        website="JaVaScRiPt:alert(1)",
        links="javascript:alert(2)\n data:text/html,x\nhttps://ok.example.org\nvbscript:msgbox(1)",
    )


def test_a_stored_dangerous_address_is_never_a_link(anonymous, stored):
    page = anonymous.get(f"/initiatives/{stored.slug}/").text
    hrefs = re.findall(r'(?:href|src)="([^"]*)"', page)
    assert "https://ok.example.org" in hrefs
    assert not [href for href in hrefs if DANGER.search(href) and href != "data:,"]  # data:, is the favicon
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(json_ld)["sameAs"] == ["https://ok.example.org"]


def test_no_export_carries_a_dangerous_address(anonymous, stored):
    text = anonymous.get("/initiatives/export.csv").getvalue().decode("utf-8-sig")
    (exported,) = stdlib_csv.DictReader(io.StringIO(text), delimiter=";")
    assert (exported["website"], exported["links"]) == ("", "https://ok.example.org")
    for url in [
        "/initiatives/export/structures.json",
        "/initiatives/export/services.json",
        "/initiatives/export.geojson",
    ]:
        assert not DANGER.search(anonymous.get(url).content.decode()), url
    assert anonymous.get("/initiatives/export/structures.json").json()[0]["site_web"] is None


def test_formula_cells_and_negative_numbers_survive_a_round_trip(client_for, referent, commune, anonymous):
    original = InitiativeFactory(
        commune=commune,
        name='=HYPERLINK("http://x","y")',
        description="- repas partagés\n- jardin",
        public_place=True,
        latitude="48.11000",
        longitude="-1.68000",
        contact_phone="0563000002",
    )
    original.refresh_from_db()
    exported = anonymous.get("/initiatives/export.csv").getvalue()
    (cells,) = stdlib_csv.DictReader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";")
    assert [cells[c] for c in ("name", "description", "longitude", "phone")] == [
        "'" + original.name,
        "'" + original.description,
        "-1.6800000",
        "0563000002",
    ]
    Initiative.objects.all().delete()
    upload(client_for(referent), exported, "initiatives.csv")
    copy = Initiative.objects.get()
    fields = ["name", "description", "latitude", "longitude", "contact_phone"]
    assert [getattr(copy, f) for f in fields] == [getattr(original, f) for f in fields]
