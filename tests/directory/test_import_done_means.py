"""Issue 10's "done means", item by item, where no other test already says it.

- A data·inclusion file from any source keeps every row that belongs to the territory
  (coordinates of any precision, communes written any way, v0 fields, the API's envelope).
- A spreadsheet saved by Excel in any of its usual formats imports: xlsx, CSV (Windows or
  UTF-8, `;`), "Texte Unicode" (tests/directory/test_real_data.py) and Excel 97-2003 `.xls` here
  (`data/annuaire-excel-97.xls`, written for this test with xlwt: fictitious entries).
- Long imports show progress while the rows are checked, not only at the end.
"""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from entraide.directory import imports
from entraide.directory.models import ImportBatch, Initiative

from ..factories import CommuneFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def upload(client, content: bytes, name: str):
    return client.post("/initiatives/import/", {"file": SimpleUploadedFile(name, content)})


def test_an_excel_97_sheet_imports(client_for, referent, commune):
    upload(client_for(referent), (DATA / "annuaire-excel-97.xls").read_bytes(), "annuaire.xls")
    batch = ImportBatch.objects.get()
    assert batch.file_format == "xls" and batch.counts == {"created": 2}, batch.report
    epicerie = Initiative.objects.get(name="Épicerie fictive de l’Agout")
    assert epicerie.contact_phone == "0563000002"  # the number cell lost its 0: put back
    assert (epicerie.kind, epicerie.audience, epicerie.opening_hours) == (
        "association",
        "familles",
        "Mo-Fr 09:00-12:00",
    )
    assert Initiative.objects.get(name="Nguyễn Thị Lan, cours fictifs").kind == "collective"


def _records(territory_communes: int, outside: int) -> list[dict]:
    """Structures as national sources write them: each with a different way of naming its commune,
    coordinates of 6 to 15 decimals, some in the older v0 shape."""
    ways = [
        {"code_insee": "81070", "commune": "COUFOULEUX"},
        {"code_insee": None, "code_postal": "81800", "commune": "Coufouleux"},
        {"commune": "coufouleux"},
        {"code_insee": None, "commune": "St Sulpice la Pointe"},
        {"commune": "SAINT-SULPICE-LA-POINTE", "code_postal": "81370"},
        {"code_insee": "81271", "commune": "Saint-Sulpice"},
    ]
    records = []
    for i in range(territory_communes):
        decimals = 6 + i % 10
        record = {
            "source": f"source-{i % 4}",
            "id": f"structure-{i}",
            "nom": f"Structure fictive n° {i}",
            "date_maj": "2025-10-01",
            "latitude": round(43.8173123456789012 + i / 1000, decimals),
            "longitude": round(1.7329587654321098 + i / 1000, decimals),
            "adresse": f"{i} rue fictive",
            **ways[i % len(ways)],
        }
        if i % 3 == 0:  # v0: no description, a presentation
            record["presentation_resume"] = "Aide aux démarches."
            record["presentation_detail"] = "Aide aux démarches administratives, sur rendez-vous."
        else:
            record["description"] = "Une structure fictive d’un fichier national."
        if i % 7 == 0:  # one coordinate alone: the entry is kept without its point
            record["longitude"] = None
        records.append(record)
    for i in range(outside):
        records.append(
            {
                "source": "source-0",
                "id": f"ailleurs-{i}",
                "nom": f"Ailleurs fictif {i}",
                "description": "Hors du territoire.",
                "code_insee": "81004",
                "commune": "Albi",
            }
        )
    return records


def test_no_row_of_the_territory_is_lost(referent, territory, commune):
    CommuneFactory(
        territory=territory, insee_code="81271", name="Saint-Sulpice-la-Pointe", postal_codes="81370"
    )
    records = _records(60, 25)
    reply = {"items": records, "total": len(records), "page": 1, "size": 500}
    # As a referent of the whole territory (the page passes the communes a referent looks after).
    imports.import_file(
        territory=territory, user=referent, filename="reponse-api.json", raw=json.dumps(reply).encode()
    )
    batch = ImportBatch.objects.get()
    assert batch.counts == {"created": 60, "outside": 25}, batch.summary
    assert batch.summary[0].startswith("25 lignes concernent des communes hors de ce territoire (Albi)")
    assert Initiative.objects.filter(commune__insee_code="81271").count() == 30
    kept = Initiative.objects.get(external_id="structure-9")  # 15 decimals in the file: 7 kept (1 cm)
    assert str(kept.latitude) == "43.8263123"
    assert Initiative.objects.get(external_id="structure-3").description.startswith(
        "Aide aux démarches administr"
    )
    assert not Initiative.objects.get(external_id="structure-7").has_point


def test_progress_moves_while_a_long_file_is_checked(territory, referent, commune, monkeypatch):
    seen = []
    monkeypatch.setattr(imports, "set_progress", lambda key, done, total, phase: seen.append((phase, done)))
    records = _records(0, 450)
    imports.import_file(
        territory=territory, user=referent, filename="x.json", raw=json.dumps(records).encode(), progress="k"
    )
    assert seen == [
        ("reading", 0),
        ("checking", 200),
        ("checking", 400),
        ("writing", 450),
        ("done", 450),
    ]
