"""Importing a file again: nothing changes twice, a changed row updates the entry it is about.

Rows are matched to the directory by the source's identifier (data·inclusion `source` + `id`, or
the identifier our own exports give), then by normalised name and commune. An unchanged row
changes nothing; a changed row updates an entry imported from that source that nobody changed
here since, or becomes a correction the referent applies; never a second entry.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.directory.enums import CorrectionState
from entraide.directory.imports import import_file
from entraide.directory.models import Correction, ImportBatch, Initiative, Service

from .factories import InitiativeFactory
from .test_real_data import fixture, upload

pytestmark = pytest.mark.django_db


def as_json(records) -> bytes:
    return json.dumps(records, ensure_ascii=False).encode()


def latest() -> ImportBatch:
    return ImportBatch.objects.first()


@pytest.fixture
def imported(client_for, referent, commune):
    structures, services = fixture("structures-v1.json"), fixture("services-v1.json")
    upload(client_for(referent), as_json(structures), "structures.json")
    upload(client_for(referent), as_json(services), "services.json")
    assert Initiative.objects.count() == 2 and Service.objects.count() == 1
    return structures, services


def test_the_same_files_again_change_nothing(client_for, referent, imported):
    structures, services = imported
    before = list(Initiative.objects.values().order_by("pk"))
    upload(client_for(referent), as_json(structures), "structures.json")
    assert latest().counts == {"unchanged": 2, "outside": 1}
    upload(client_for(referent), as_json(services), "services.json")
    assert latest().counts == {"unchanged": 1}
    assert list(Initiative.objects.values().order_by("pk")) == before
    assert Service.objects.count() == 1 and not Correction.objects.exists()
    page = client_for(referent).get(f"/initiatives/import/{latest().public_id}/")
    assert "inchangées\u00a0: 1" in page.text


def test_our_own_csv_export_imported_again_changes_nothing(client_for, referent, anonymous, commune):
    InitiativeFactory(commune=commune, name="Tricot fictif du jeudi", audience="seniors")
    exported = anonymous.get("/initiatives/export.csv").getvalue()
    upload(client_for(referent), exported, "annuaire.csv")
    assert latest().counts == {"unchanged": 1}
    assert Initiative.objects.count() == 1


def test_a_row_changed_at_the_source_updates_the_entry_it_came_from(
    client_for, referent, anonymous, imported
):
    structures, services = imported
    structures[0]["telephone"] = "05 63 99 99 99"
    structures[0]["siret"] = "98765432100019"
    structures[0]["nom"] = "Épicerie solidaire fictive du Pont (nouveau nom)"
    upload(client_for(referent), as_json(structures), "structures.json")
    assert latest().counts == {"updated": 1, "unchanged": 1, "outside": 1}
    entry = Initiative.objects.get(external_id=structures[0]["id"])
    assert entry.contact_phone == "05 63 99 99 99" and entry.name.endswith("(nouveau nom)")
    assert Initiative.objects.count() == 2 and not Correction.objects.exists()
    exported = {s["id"]: s for s in anonymous.get("/initiatives/export/structures.json").json()}
    assert exported[structures[0]["id"]]["siret"] == "98765432100019"
    assert exported[structures[0]["id"]]["telephone"] == "05 63 99 99 99"
    # The services stay on their entry; a changed service is updated in place.
    services[0]["frais_precisions"] = "2 € par panier"
    services[0]["description"] = "Des produits à petit prix, sur orientation, le mardi."
    upload(client_for(referent), as_json(services), "services.json")
    assert latest().counts == {"updated": 1}
    service = Service.objects.get()
    assert service.initiative == entry and service.description.endswith("le mardi.")
    [out] = anonymous.get("/initiatives/export/services.json").json()
    assert out["frais_precisions"] == "2 € par panier"


def test_a_column_changed_in_our_spreadsheet_updates_the_entry_and_its_export(
    client_for, referent, anonymous, imported
):
    structures, _services = imported
    exported = anonymous.get("/initiatives/export.csv").getvalue().decode("utf-8")
    edited = exported.replace("05 63 00 00 01", "05 63 77 77 77", 1)
    assert edited != exported
    upload(client_for(referent), edited.encode("utf-8"), "annuaire.csv")
    assert latest().counts == {"updated": 1, "unchanged": 1}, latest().report
    out = {s["id"]: s for s in anonymous.get("/initiatives/export/structures.json").json()}
    assert out[structures[0]["id"]]["telephone"] == "05 63 77 77 77"
    assert out[structures[0]["id"]]["siret"] == structures[0]["siret"]
    assert out[structures[1]["id"]]["telephone"] == structures[1]["telephone"]  # as the source wrote it


def test_a_change_at_the_source_to_an_entry_changed_here_is_proposed(client_for, referent, imported):
    structures, _services = imported
    entry = Initiative.objects.get(external_id=structures[0]["id"])
    entry.contact_email = "nouveau@ici.example.org"  # changed here since the import
    entry.save()
    # The same file: what was changed here stays, nothing is proposed.
    upload(client_for(referent), as_json(structures), "structures.json")
    assert latest().counts == {"unchanged": 2, "outside": 1}
    assert not Correction.objects.exists()
    # The source changes its phone: proposed to the referent, the email changed here is kept.
    structures[0]["telephone"] = "05 63 99 99 99"
    upload(client_for(referent), as_json(structures), "structures.json")
    assert latest().counts == {"proposed": 1, "unchanged": 1, "outside": 1}
    correction = Correction.objects.get()
    assert correction.initiative == entry and correction.state == CorrectionState.PENDING
    assert correction.data == {"contact_phone": ["05 63 99 99 99"]}
    entry.refresh_from_db()
    assert entry.contact_email == "nouveau@ici.example.org" and entry.contact_phone != "05 63 99 99 99"
    # Once more: already proposed, nothing new.
    upload(client_for(referent), as_json(structures), "structures.json")
    assert Correction.objects.count() == 1
    assert latest().counts == {"unchanged": 2, "outside": 1}


def test_a_source_row_about_an_entry_made_here_is_proposed_not_exported_before(
    client_for, referent, anonymous, commune
):
    entry = InitiativeFactory(
        commune=commune,
        name="Repair café",
        description="Le nôtre, écrit ici.",
        contact_phone="05 63 12 12 12",
        postal_code="81800",
    )
    repair = fixture("structures-v1.json")[1]  # no description, a phone that lost its 0
    upload(client_for(referent), as_json([repair]), "structures.json")
    assert latest().counts == {"proposed": 1} and Initiative.objects.count() == 1
    correction = Correction.objects.get()
    assert correction.initiative == entry
    assert correction.data == {"contact_phone": ["0563000002"]}  # not the description it lacks
    # Until the referent applies it, the export says what the entry says here.
    [out] = anonymous.get("/initiatives/export/structures.json").json()
    assert out["telephone"] == "05 63 12 12 12" and out["description"] == "Le nôtre, écrit ici."
    upload(client_for(referent), as_json([repair]), "structures.json")
    assert latest().counts == {"unchanged": 1} and Correction.objects.count() == 1


def test_a_row_is_matched_by_its_identifier_before_its_name(client_for, referent, imported):
    structures, _services = imported
    renamed = dict(structures[1], nom="Repair café fictif de la gare")
    upload(client_for(referent), as_json([renamed]), "structures.json")
    assert latest().counts == {"updated": 1}
    assert Initiative.objects.filter(name="Repair café fictif de la gare").count() == 1
    assert Initiative.objects.count() == 2


def test_undoing_an_import_puts_back_what_it_updated_and_withdraws_its_proposals(
    client_for, referent, anonymous, imported
):
    structures, services = imported
    edited = Initiative.objects.get(external_id=structures[1]["id"])
    edited.contact_email = "ici@exemple.example.org"  # changed here: a change at the source is proposed
    edited.save()
    exports = ("/initiatives/export/structures.json", "/initiatives/export/services.json")
    before = [anonymous.get(url).json() for url in exports]
    structures[0].update(telephone="05 63 99 99 99", nom="Épicerie solidaire fictive (nouveau nom)")
    structures[1].update(telephone="05 63 88 88 88")
    upload(client_for(referent), as_json(structures), "structures.json")
    assert latest().counts == {"updated": 1, "proposed": 1, "outside": 1}
    structures_batch = latest()
    services[0]["description"] = "Des produits à petit prix, le mardi."
    upload(client_for(referent), as_json(services), "services.json")
    assert latest().counts == {"updated": 1}
    page = client_for(referent).get(f"/initiatives/import/{structures_batch.public_id}/")
    assert "Annuler tout cet import" in page.text or "Undo this whole import" in page.text
    for batch in (latest(), structures_batch):
        client_for(referent).post(f"/initiatives/import/{batch.public_id}/")
    assert [anonymous.get(url).json() for url in exports] == before
    assert not Correction.objects.exists()
    assert Initiative.objects.get(external_id=structures[1]["id"]).contact_email == "ici@exemple.example.org"


def _records(n: int, communes) -> list[dict]:
    return [
        {
            "source": "banc",
            "id": f"banc--{i}",
            "nom": f"Structure fictive {i}",
            "description": "Une structure fictive pour compter les requêtes.",
            "date_maj": "2025-11-03",
            "telephone": "05 63 00 00 01",
            "adresse": f"{i} rue du Banc",
            "code_insee": communes[i % len(communes)].insee_code if i % 5 else "99999",
            "latitude": 43.8173123456,
            "longitude": 1.7329587654,
            "thematiques": ["equipement-et-alimentation--alimentation"],
        }
        for i in range(n)
    ]


def _services(n: int) -> list[dict]:
    return [
        {
            "source": "banc",
            "structure_id": f"banc--{i}",
            "id": f"banc--{i}--s",
            "nom": f"Service fictif {i}",
            "description": "Un service fictif.",
            "type": "aide-materielle",
            "frais": "gratuit",
        }
        for i in range(1, n)
        if i % 5
    ]


def _queries(territory, referent, records, name) -> int:
    with CaptureQueriesContext(connection) as queries:
        import_file(territory=territory, user=referent, filename=name, raw=as_json(records))
    return len(queries)


def test_queries_do_not_grow_with_the_number_of_rows(territory, referent, commune, neighbourhood):
    """Each step costs about the same queries for 10 rows as for 60: none per row."""
    from ..factories import CommuneFactory

    communes = [commune, CommuneFactory(territory=territory, insee_code="81220", name="Rabastens")]
    counts = {}
    for n in (10, 60):
        Initiative.objects.all().delete()
        structures, services = _records(n, communes), _services(n)
        counts[n] = [
            _queries(territory, referent, structures, "structures.json"),
            _queries(territory, referent, services, "services.json"),
            _queries(territory, referent, structures, "structures.json"),  # again: unchanged
        ]
        assert latest().counts == {"unchanged": n - n // 5, "outside": n // 5}
        changed = [dict(r, telephone="05 63 11 11 11") for r in structures]
        counts[n].append(_queries(territory, referent, changed, "structures.json"))  # updated in place
        assert latest().counts == {"updated": n - n // 5, "outside": n // 5}
    # Bulk writes go by batches (of 500, or fewer columns' worth on SQLite): 50 more rows cost at
    # most a few more queries, not one or more each.
    for few, many in zip(counts[10], counts[60], strict=True):
        assert few <= 20 and many - few <= 3, counts
