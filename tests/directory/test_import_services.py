"""Importing data·inclusion services onto entries already in the directory."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from entraide.directory.enums import Publication
from entraide.directory.models import ImportBatch, Initiative, Service

from .factories import InitiativeFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def upload(client, items, name="services.json"):
    content = json.dumps(items).encode()
    return client.post(
        "/initiatives/import/", {"file": SimpleUploadedFile(name, content, "application/json")}
    )


def service(structure_id, **changes):
    return {
        "source": "voisins",
        "structure_id": structure_id,
        "id": f"{structure_id}-epicerie",
        "nom": "Épicerie solidaire fictive",
        "description": "Des produits à petit prix, sur orientation.",
        "type": "aide-materielle",
        "frais": "payant",
        "thematiques": ["equipement-et-alimentation--alimentation"],
        **changes,
    }


def structures_file(commune_insee="81070"):
    return [
        {
            "source": "voisins",
            "id": "voisins--secours",
            "nom": "Secours fictif des voisins",
            "description": "Entraide alimentaire et vestimentaire.",
            "code_insee": commune_insee,
            "commune": "Coufouleux",
        }
    ]


def test_services_attach_to_the_structures_imported_before(client_for, referent, commune, theme):
    upload(client_for(referent), structures_file(), name="structures.json")
    initiative = Initiative.objects.get(external_id="voisins--secours")
    response = upload(
        client_for(referent),
        [service("voisins--secours"), service("voisins--secours", id="v2", nom="Vestiaire fictif", type="x")],
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.order_by("-created_at").first()
    assert batch.file_format == "data·inclusion services"
    assert [r["outcome"] for r in batch.report] == ["created", "created"]
    epicerie = initiative.services.get(name="Épicerie solidaire fictive")
    assert (epicerie.service_type, epicerie.fee, epicerie.external_id) == (
        "aide-materielle",
        "payant",
        "voisins--secours-epicerie",
    )
    assert list(epicerie.categories.all()) == [theme]
    assert any("x" in m for m in batch.report[1]["messages"])  # unknown type: reported, left empty
    assert initiative.services.get(name="Vestiaire fictif").service_type == ""
    page = client_for(referent).get(response["Location"]).text
    assert "Vestiaire fictif" in page and "Secours fictif des voisins" in page


def test_services_attach_to_an_entry_by_the_identifier_of_our_own_export(client_for, referent, commune):
    initiative = InitiativeFactory(commune=commune)
    own_id = f"entraide-{commune.territory.slug}--{initiative.public_id}"
    upload(client_for(referent), [service(own_id)])
    assert initiative.services.get().name == "Épicerie solidaire fictive"


def test_unknown_structures_and_bad_rows_are_reported_and_nothing_is_half_written(
    client_for, referent, commune
):
    initiative = InitiativeFactory(commune=commune, external_id="voisins--secours")
    upload(
        client_for(referent),
        [
            service("inconnue"),
            service("voisins--secours", nom="", description=""),
            service("voisins--secours", nom="Aide aux devoirs fictive", thematiques=["inconnue--x"]),
        ],
    )
    batch = ImportBatch.objects.get()
    assert [r["outcome"] for r in batch.report] == ["error", "error", "created"]
    assert "inconnue" in batch.report[0]["messages"][0]
    assert any("inconnue--x" in m for m in batch.report[2]["messages"])
    assert [s.name for s in initiative.services.all()] == ["Aide aux devoirs fictive"]


def test_a_service_the_entry_already_has_is_reported_not_duplicated(client_for, referent, commune):
    initiative = InitiativeFactory(commune=commune, external_id="voisins--secours")
    ServiceFactory(initiative=initiative, name="épicerie solidaire FICTIVE")
    upload(client_for(referent), [service("voisins--secours"), service("voisins--secours")])
    batch = ImportBatch.objects.get()
    assert [r["outcome"] for r in batch.report] == ["unchanged", "duplicate"]
    assert any(initiative.name in message for message in batch.report[0]["messages"])
    assert initiative.services.count() == 1
    assert batch.created_count == 0


def test_a_possible_duplicate_entry_never_takes_the_services(client_for, referent, commune):
    original = InitiativeFactory(
        commune=commune, name="Secours fictif des voisins", external_id="voisins--secours"
    )
    proposal = InitiativeFactory(
        commune=commune,
        name="Secours fictif des voisins",
        external_id="voisins--secours",
        publication=Publication.PROPOSED,
        duplicate_of=original,
    )
    upload(client_for(referent), [service("voisins--secours")])
    assert original.services.count() == 1 and proposal.services.count() == 0


def test_the_whole_services_import_is_undone_in_one_step(client_for, referent, commune):
    initiative = InitiativeFactory(commune=commune, external_id="voisins--secours")
    kept = ServiceFactory(initiative=initiative, name="Déjà là fictif")
    upload(
        client_for(referent),
        [service("voisins--secours"), service("voisins--secours", nom="Vestiaire fictif")],
    )
    batch = ImportBatch.objects.get()
    assert initiative.services.count() == 3
    client_for(referent).post(f"/initiatives/import/{batch.public_id}/")
    batch.refresh_from_db()
    assert batch.undone_at is not None
    assert list(initiative.services.all()) == [kept]
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_undoing_the_structures_import_removes_their_imported_services(client_for, referent, commune):
    upload(client_for(referent), structures_file(), name="structures.json")
    upload(client_for(referent), [service("voisins--secours")])
    structures = ImportBatch.objects.get(filename="structures.json")
    client_for(referent).post(f"/initiatives/import/{structures.public_id}/")
    assert not Initiative.objects.exists() and not Service.objects.exists()


def test_a_referent_cannot_import_services_onto_another_communes_entry(client_for, referent, commune):
    from ..factories import CommuneFactory

    elsewhere = CommuneFactory(territory=commune.territory, insee_code="81099", name="Ailleurs fictif")
    initiative = InitiativeFactory(commune=elsewhere, external_id="voisins--secours")
    upload(client_for(referent), [service("voisins--secours")])
    assert "Ailleurs fictif" in ImportBatch.objects.get().summary[0]
    assert not initiative.services.exists()


def test_services_of_another_territory_are_out_of_reach(client_for, referent, commune, outsider):
    foreign = InitiativeFactory(commune=outsider.commune, external_id="voisins--secours")
    upload(client_for(referent), [service("voisins--secours")])
    assert not foreign.services.exists()
    assert ImportBatch.objects.get().report[0]["outcome"] == "error"
