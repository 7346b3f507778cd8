"""The CSV and xlsx exports carry every data·inclusion field an entry came with, and give it back.

A data·inclusion file is imported, the directory exported as CSV or xlsx, the directory emptied
and the spreadsheet imported again: the JSON export is then the same as the file, field by field
(structures and services), with its source and date.
"""

import csv
import io
import json

import openpyxl
import pytest

from entraide.directory.exports import CSV_COLUMNS
from entraide.directory.models import ImportBatch, Initiative, Service

from .test_real_data import fixture, kept, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def food(territory):
    from .factories import CategoryFactory

    return CategoryFactory(
        territory=territory,
        slug="alimentation",
        name="Alimentation",
        di_thematiques=["equipement-et-alimentation--alimentation"],
    )


def read_csv(content: bytes) -> list[dict]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def read_xlsx(content: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], ["" if v is None else v for v in row], strict=True)) for row in rows[1:]]


EXPORTS = {
    "csv": ("/initiatives/export.csv", read_csv, "annuaire.csv"),
    "xlsx": ("/initiatives/export.xlsx", read_xlsx, "annuaire.xlsx"),
}


def content(response) -> bytes:
    return response.getvalue() if response.streaming else response.content


@pytest.mark.parametrize("shape", EXPORTS)
def test_every_data_inclusion_field_goes_out_in_the_spreadsheet_and_comes_back(
    shape, client_for, referent, anonymous, commune, food
):
    url, read, name = EXPORTS[shape]
    structures, services = fixture("structures-v1.json"), fixture("services-v1.json")
    upload(client_for(referent), json.dumps(structures).encode(), "structures.json")
    upload(client_for(referent), json.dumps(services).encode(), "services.json")
    assert Initiative.objects.count() == 2 and Service.objects.count() == 1

    exported = content(anonymous.get(url))
    rows = {row["id"]: row for row in read(exported)}
    assert list(next(iter(rows.values()))) == CSV_COLUMNS
    # In the file: every field as the source wrote it, with its source and date.
    for original in structures[:2]:
        row = rows[original["id"]]
        assert row["name"] == original["nom"]  # "Épicerie…": the accents read back as written
        assert row["source"] == original["source"] and row["source_date"] == original["date_maj"]
        assert kept(original, json.loads(row["data_inclusion"])) == {}
    [service_cell] = json.loads(rows[services[0]["structure_id"]]["services"])
    assert kept(services[0], service_cell["data_inclusion"]) == {}

    # Imported over the directory it came from: nothing changes (the records are compared as exported).
    upload(client_for(referent), exported, name)
    assert ImportBatch.objects.first().counts == {"unchanged": 2}, ImportBatch.objects.first().report

    # Back in: the JSON export is the file again, field by field.
    Initiative.objects.all().delete()
    upload(client_for(referent), exported, name)
    batch = ImportBatch.objects.first()
    assert batch.counts == {"created": 2}, batch.report
    assert Initiative.objects.count() == 2 and Service.objects.count() == 1
    again = {s["id"]: s for s in anonymous.get("/initiatives/export/structures.json").json()}
    for original in structures[:2]:
        assert kept(original, again[original["id"]]) == {}
    [service] = anonymous.get("/initiatives/export/services.json").json()
    assert kept(services[0], service) == {}

    # And the same spreadsheet once more changes nothing.
    upload(client_for(referent), exported, name)
    assert ImportBatch.objects.first().counts == {"unchanged": 2}
    assert Initiative.objects.count() == 2 and Service.objects.count() == 1


def test_an_entry_made_here_has_no_data_inclusion_cells(client_for, referent, anonymous, commune):
    from .factories import InitiativeFactory

    InitiativeFactory(commune=commune, name="Tricot fictif du jeudi")
    [row] = read_csv(content(anonymous.get("/initiatives/export.csv")))
    assert (row["source"], row["source_date"], row["data_inclusion"]) == ("", "", "")
