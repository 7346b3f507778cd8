"""Real data in, real data out (issue 10): data·inclusion files of every shape, spreadsheets, and back.

The fixtures in `data/` were written for these tests from the published data·inclusion schema
(v1.0.8, and v0 for the older file); the people and places in them are fictitious.
"""

import csv
import io
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from entraide.directory.imports import Communes, get_progress, import_file
from entraide.directory.models import ImportBatch, Initiative, Service

from ..factories import CommuneFactory
from .factories import CategoryFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def fixture(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def upload(client, content: bytes, name: str):
    return client.post("/initiatives/import/", {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def food(territory):
    return CategoryFactory(
        territory=territory,
        slug="alimentation",
        name="Alimentation",
        di_thematiques=["equipement-et-alimentation--alimentation"],
    )


# Shapes of the same records ------------------------------------------------------------------------


def as_json(records):
    return json.dumps(records, ensure_ascii=False).encode()


def as_api_reply(records):
    return json.dumps({"items": records, "total": len(records), "page": 1, "size": 500}).encode()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _columns(records):
    return list(dict.fromkeys(key for record in records for key in record))


def as_csv(records, encoding="utf-8", delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    columns = _columns(records)
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(c)) for c in columns])
    return out.getvalue().encode(encoding)


def as_unicode_text(records):
    """What Excel's "Enregistrer sous… Texte Unicode" writes: UTF-16 with its mark, tabs."""
    return as_csv(records, encoding="utf-16", delimiter="\t")


def as_xlsx(records, numbers=()):
    book = openpyxl.Workbook()
    sheet = book.active
    columns = _columns(records)
    sheet.append(columns)
    for record in records:
        sheet.append(
            [
                record.get(c) if c in numbers or isinstance(record.get(c), float) else _cell(record.get(c))
                for c in columns
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_ods(records):
    """A minimal OpenDocument spreadsheet, as LibreOffice's format describes it."""
    columns = _columns(records)

    def row(values):
        cells = "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(_cell(v))}</text:p>'
            "</table:table-cell>"
            for v in values
        )
        return f"<table:table-row>{cells}</table:table-row>"

    body = row(columns) + "".join(row([r.get(c) for c in columns]) for r in records)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Feuille1">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()


SHAPES = {
    "json": (as_json, "structures.json"),
    "api": (as_api_reply, "reponse-api.json"),
    "csv": (as_csv, "structures.csv"),
    "unicode-text": (as_unicode_text, "structures.txt"),
    "xlsx": (as_xlsx, "structures.xlsx"),
    "ods": (as_ods, "structures.ods"),
}


def kept(original: dict, exported: dict) -> dict:
    """The fields of `original` whose value did not come back the same."""
    return {k: (v, exported.get(k)) for k, v in original.items() if v is not None and exported.get(k) != v}


@pytest.mark.parametrize("shape", SHAPES)
def test_every_field_comes_back_unchanged_from_every_shape(
    shape, client_for, referent, anonymous, commune, food
):
    to_bytes, name = SHAPES[shape]
    structures, services = fixture("structures-v1.json"), fixture("services-v1.json")
    upload(client_for(referent), to_bytes(structures), name)
    upload(client_for(referent), to_bytes(services), name.replace("structures", "services"))
    assert Initiative.objects.count() == 2 and Service.objects.count() == 1
    exported = {s["id"]: s for s in anonymous.get("/initiatives/export/structures.json").json()}
    for original in structures[:2]:
        assert kept(original, exported[original["id"]]) == {}
    [service] = anonymous.get("/initiatives/export/services.json").json()
    assert kept(services[0], service) == {}


def test_the_api_reply_is_read_not_taken_for_an_empty_file(client_for, referent, commune):
    upload(client_for(referent), as_api_reply(fixture("structures-v1.json")), "page-1.json")
    batch = ImportBatch.objects.get()
    assert batch.counts["created"] == 2
    assert "API" in batch.file_format


def test_a_v0_file_gives_its_presentation_and_keeps_its_older_fields(
    client_for, referent, anonymous, commune
):
    [original] = fixture("structures-v0.json")
    upload(client_for(referent), as_json([original]), "v0.json")
    entry = Initiative.objects.get()
    assert entry.description == original["presentation_detail"]
    assert entry.opening_hours == "Mo-Fr 14:00-19:00" and entry.opening_hours_ok
    [exported] = anonymous.get("/initiatives/export/structures.json").json()
    assert kept(original, exported) == {}


def test_rows_outside_the_territory_are_summarised_in_one_line(client_for, referent, commune):
    many = [
        {
            "source": "x",
            "id": f"x--{n}",
            "nom": f"Ailleurs fictif {n}",
            "date_maj": "2025-01-01",
            "code_insee": "81004",
        }
        for n in range(300)
    ]
    upload(client_for(referent), as_json(many + fixture("structures-v1.json")[:1]), "national.json")
    batch = ImportBatch.objects.get()
    assert batch.counts == {"outside": 300, "created": 1}
    assert batch.summary == [
        "300 lignes concernent des communes hors de ce territoire (81004)\u00a0: laissées de côté."
    ]
    assert [r["outcome"] for r in batch.report] == ["created"]


def test_unknown_columns_are_named_once_for_the_whole_file(client_for, referent, commune):
    records = [dict(r, colonne_maison="x", Remarque="y") for r in fixture("structures-v1.json")[:2]]
    upload(client_for(referent), as_csv(records), "structures.csv")
    assert "Colonnes que ce site ne connaît pas, laissées de côté\u00a0: “Remarque”, “colonne_maison”." in (
        ImportBatch.objects.get().summary
    )


def test_coordinates_keep_their_precision(client_for, referent, commune):
    upload(client_for(referent), as_json(fixture("structures-v1.json")[:1]), "s.json")
    entry = Initiative.objects.get()
    assert (str(entry.latitude), str(entry.longitude)) == ("43.8173123", "1.7329588")


@pytest.mark.parametrize(
    ("insee", "postcode", "name", "found"),
    [
        ("81070", "", "", "81070"),
        ("", "81800", "coufouleux", "81070"),
        ("", "", "La Chapelle St Aubin", "72065"),
        ("", "72650", "LA CHAPELLE-SAINT-AUBIN", "72065"),
        ("69384", "", "Lyon 4e Arrondissement", "69123"),
        ("", "69004", "Lyon 4e Arrondissement", "69123"),
        ("", "", "Saint-Sulpice-la-Pointe Cedex", "81271"),
        ("81004", "81800", "Coufouleux", None),
        ("", "", "Nulle part", None),
    ],
)
def test_communes_are_found_by_code_then_postcode_and_name(territory, commune, insee, postcode, name, found):
    commune.postal_codes = "81800"
    commune.save()
    CommuneFactory(
        territory=territory, insee_code="72065", name="La Chapelle-Saint-Aubin", postal_codes="72650"
    )
    CommuneFactory(territory=territory, insee_code="69123", name="Lyon", postal_codes="69001 69004")
    CommuneFactory(
        territory=territory, insee_code="81271", name="Saint-Sulpice-la-Pointe", postal_codes="81370"
    )
    result = Communes(territory).find(insee, postcode, name)
    assert (result.insee_code if result else None) == found


def test_a_french_spreadsheet_with_labels_hours_and_a_phone_that_lost_its_zero(client_for, referent, commune):
    sheet = [
        {
            "Nom": "Club fictif des familles",
            "Description": "Des sorties et des goûters pour les familles.",
            "Commune": "Coufouleux",
            "Public": "Familles",
            "Type": "Collectif informel",
            "Horaires d'ouverture": "Mo-Fr 09:00-12:00",
            "Téléphone": 563000002,
        }
    ]
    upload(client_for(referent), as_xlsx(sheet, numbers={"Téléphone"}), "annuaire.xlsx")
    entry = Initiative.objects.get()
    assert (entry.audience, entry.kind) == ("familles", "collective")
    assert entry.opening_hours == "Mo-Fr 09:00-12:00"
    assert entry.contact_phone == "0563000002"
    batch = ImportBatch.objects.get()
    assert "0 initial" in " ".join(batch.report[0]["messages"])
    assert batch.file_format == "xlsx"


def test_an_ods_and_a_unicode_text_spreadsheet_import(client_for, referent, commune):
    rows = [{"Nom": "Tricot fictif du jeudi", "Description": "Un cercle de tricot.", "Code INSEE": "81070"}]
    upload(client_for(referent), as_ods(rows), "annuaire.ods")
    upload(
        client_for(referent), as_unicode_text([dict(rows[0], Nom="Łódź et Nguyễn, fictifs")]), "annuaire.txt"
    )
    assert sorted(Initiative.objects.values_list("name", flat=True)) == [
        "Tricot fictif du jeudi",
        "Łódź et Nguyễn, fictifs",
    ]
    assert [b.encoding for b in ImportBatch.objects.order_by("created_at")] == ["", "utf-16"]


def test_a_file_is_written_whole_or_not_at_all(client_for, referent, commune, monkeypatch):
    from entraide.directory import imports

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports.Service.objects, "bulk_create", broken)
    rows = [
        {
            "name": "Fictive une",
            "description": "Une description.",
            "commune_insee": "81070",
            "services": json.dumps([{"name": "Prêt", "description": "Prêt d’outils."}]),
        },
        {"name": "Fictive deux", "description": "Une description.", "commune_insee": "81070"},
    ]
    upload(client_for(referent), as_csv(rows), "x.csv")
    assert not Initiative.objects.exists()
    batch = ImportBatch.objects.get()
    assert batch.summary[0].startswith("Rien n’a été importé")
    assert batch.created_count == 0


def test_progress_is_reported_while_importing(territory, referent, commune, client_for):
    key = "6f1c2a9e-1111-4c4c-9e9e-000000000001"
    import_file(
        territory=territory,
        user=referent,
        filename="s.json",
        raw=as_json(fixture("structures-v1.json")),
        progress=key,
    )
    assert get_progress(key) == {"done": 3, "total": 3, "phase": "done"}
    answer = client_for(referent).get(f"/initiatives/import/progression/{key}/").json()
    assert answer["phase"] == "done"


def test_only_referents_see_the_progress(client_for, resident):
    key = "6f1c2a9e-1111-4c4c-9e9e-000000000002"
    assert client_for(resident).get(f"/initiatives/import/progression/{key}/").status_code == 403


def test_the_import_page_works_without_javascript_and_loads_the_progress_script(client_for, referent):
    page = client_for(referent).get("/initiatives/import/").text
    assert "import-progress.js" in page and "<progress" in page and "<script>" not in page
