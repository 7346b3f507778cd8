"""Importing a directory: per-row report, encodings, bad rows, duplicates, undo."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from entraide.directory.enums import CorrectionState
from entraide.directory.exports import CSV_COLUMNS
from entraide.directory.models import Correction, ImportBatch, Initiative

from .factories import InitiativeFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def csv_bytes(rows: list[dict], encoding="utf-8", delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, delimiter=delimiter)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: row.get(key, "") for key in CSV_COLUMNS})
    return out.getvalue().encode(encoding)


def upload(client, content: bytes, name="annuaire.csv"):
    return client.post("/initiatives/import/", {"file": SimpleUploadedFile(name, content, "text/csv")})


def row(**changes):
    return {
        "name": "Amicale fictive des aînés",
        "kind": "association",
        "description": "Goûters et sorties pour les aînés du village.",
        "commune_insee": "81070",
        "audience": "seniors",
        **changes,
    }


def test_a_referent_imports_a_latin1_spreadsheet_with_a_row_report(client_for, referent, commune, theme):
    content = csv_bytes(
        [
            row(themes="courses|inconnu"),
            row(name="Club fictif de Sète", description="", commune_insee="81070"),
            row(
                name="Point lointain fictif",
                has_public_place="oui",
                address="1 rue",
                latitude="40.7",
                longitude="-74",
            ),
            row(name="Commune inconnue fictive", commune_insee="99999"),
        ],
        encoding="cp1252",
        delimiter=";",
    )
    response = upload(client_for(referent), content)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.encoding == "latin-1"
    outcomes = [(r["row"], r["outcome"]) for r in batch.report]
    # A point outside France is dropped, not the row; a row outside the territory is summarised.
    assert outcomes == [(1, "created"), (2, "error"), (3, "created")]
    assert any("inconnu" in m for m in batch.report[0]["messages"])
    assert any("France" in m for m in batch.report[2]["messages"])
    assert batch.summary == [
        "1 ligne concerne une commune hors de ce territoire (99999)\u00a0: laissée de côté."
    ]
    created = Initiative.objects.get(name="Amicale fictive des aînés")
    assert created.is_published and list(created.categories.all()) == [theme]
    assert not Initiative.objects.get(name="Point lointain fictif").has_point
    page = client_for(referent).get(response["Location"])
    assert "Latin-1" in page.text and "99999" in page.text


def test_a_row_with_a_bad_service_is_not_half_written(client_for, referent, commune):
    services = json.dumps(
        [{"name": "Ok fictif", "description": "Un service."}, {"name": "", "description": ""}]
    )
    upload(client_for(referent), csv_bytes([row(services=services)]))
    assert not Initiative.objects.exists()
    assert ImportBatch.objects.get().report[0]["outcome"] == "error"


def test_a_changed_row_about_an_entry_of_the_same_name_proposes_a_correction_not_a_second_entry(
    client_for, referent, commune
):
    existing = InitiativeFactory(commune=commune, name="Amicale Fictive des Aînés")
    upload(client_for(referent), csv_bytes([row()]))
    assert list(Initiative.objects.all()) == [existing]
    correction = Correction.objects.get(initiative=existing)
    assert correction.state == CorrectionState.PENDING and correction.proposed_by == referent
    assert correction.data["name"] == ["Amicale fictive des aînés"]
    assert correction.data["audience"] == ["seniors"]
    assert ImportBatch.objects.get().report[0]["outcome"] == "proposed"
    # The same file again proposes nothing more.
    upload(client_for(referent), csv_bytes([row()]))
    assert Correction.objects.count() == 1
    assert ImportBatch.objects.first().counts == {"unchanged": 1}


def test_the_whole_import_is_undone_in_one_step(client_for, referent, commune):
    kept = InitiativeFactory(commune=commune, name="Déjà là")
    upload(client_for(referent), csv_bytes([row(), row(name="Deuxième fictive")]))
    batch = ImportBatch.objects.get()
    assert Initiative.objects.count() == 3
    client_for(referent).post(f"/initiatives/import/{batch.public_id}/")
    assert list(Initiative.objects.all()) == [kept]
    batch.refresh_from_db()
    assert batch.undone_at is not None


def test_a_file_over_the_limit_is_refused(client_for, referent, commune):
    content = csv_bytes([row()]) + b"#" * (21 * 1024 * 1024)
    response = upload(client_for(referent), content)
    assert response.status_code == 400
    assert "20 Mo" in response.text or "20 MB" in response.text
    assert not ImportBatch.objects.exists()


def test_a_file_that_is_neither_csv_nor_json_is_reported(client_for, referent, commune):
    upload(client_for(referent), b"\x89PNG\r\n\x1a\n\x00\x00garbage{")
    batch = ImportBatch.objects.get()
    assert all(r["outcome"] == "error" for r in batch.report)
    assert not Initiative.objects.exists()


def test_csv_export_and_import_round_trip_without_loss(
    client_for, referent, territory, commune, neighbourhood, theme, anonymous
):
    original = InitiativeFactory(
        commune=commune,
        neighbourhood=neighbourhood,
        name="Tiers-lieu fictif",
        public_place=True,
        postal_code="81800",
        opening_hours="Mo-Fr 09:00-12:00",
        contact_email="bonjour@tiers.example.org",
        links="https://a.example.org\nhttps://b.example.org",
        audience="familles",
        audience_note="Parents et enfants",
        categories=[theme],
    )
    ServiceFactory(initiative=original, name="Prêt d'outils", service_type="aide-materielle", fee="gratuit")
    original.refresh_from_db()
    exported = anonymous.get("/initiatives/export.csv").getvalue()
    Initiative.objects.all().delete()
    upload(client_for(referent), exported)
    copy = Initiative.objects.get()
    fields = [
        "name",
        "kind",
        "description",
        "audience",
        "audience_note",
        "commune_id",
        "neighbourhood_id",
        "has_public_place",
        "address",
        "postal_code",
        "latitude",
        "longitude",
        "opening_hours",
        "contact_email",
        "contact_phone",
        "website",
        "links",
        "status",
        "last_checked_on",
    ]
    assert {f: getattr(copy, f) for f in fields} == {f: getattr(original, f) for f in fields}
    assert list(copy.categories.all()) == [theme]
    service = copy.services.get()
    assert (service.name, service.service_type, service.fee) == (
        "Prêt d'outils",
        "aide-materielle",
        "gratuit",
    )


def test_a_data_inclusion_export_imports(client_for, referent, anonymous, commune):
    InitiativeFactory(commune=commune, name="Épicerie fictive", public_place=True)
    exported = anonymous.get("/initiatives/export/structures.json").content
    Initiative.objects.all().delete()
    upload(client_for(referent), exported, name="structures.json")
    copy = Initiative.objects.get()
    assert copy.name == "Épicerie fictive" and copy.has_point and copy.external_id.startswith("entraide-")


@pytest.mark.parametrize("persona", ["resident", "coordinator", "outsider"])
def test_only_referents_import(client_for, request, persona, commune):
    user = request.getfixturevalue(persona)
    assert upload(client_for(user), csv_bytes([row()])).status_code in (302, 403)
    assert not Initiative.objects.exists()


def test_an_import_of_another_territory_is_404(client_for, referent, outsider):
    batch = ImportBatch.objects.create(territory=outsider.territory, filename="x.csv", file_format="csv")
    assert client_for(referent).get(f"/initiatives/import/{batch.public_id}/").status_code == 404


def test_a_referent_imports_only_into_the_communes_they_look_after(client_for, referent, territory, commune):
    from ..factories import CommuneFactory

    CommuneFactory(territory=territory, insee_code="81220", name="Rabastens")
    upload(client_for(referent), csv_bytes([row(), row(name="Ailleurs fictive", commune_insee="81220")]))
    assert list(Initiative.objects.values_list("name", flat=True)) == ["Amicale fictive des aînés"]
    assert "Rabastens" in ImportBatch.objects.get().summary[0]


def test_a_spreadsheet_with_french_headers_is_read_as_ours():
    from entraide.directory.imports import read_rows

    sheet = (
        "Nom;Type;Description;Thématiques;Commune;Téléphone\n"
        "Tricot du jeudi;association;Un cercle de tricot;;Coufouleux;\n"
    )
    kind, rows = read_rows(sheet)
    assert kind == "csv"
    assert rows[0]["name"] == "Tricot du jeudi"
    assert rows[0]["kind"] == "association"
    assert rows[0]["themes"] == "" and rows[0]["commune"] == "Coufouleux" and "phone" in rows[0]
