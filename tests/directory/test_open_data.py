"""Exports in the data·inclusion schema, GeoJSON and CSV; only what initiatives chose to publish."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

import entraide.directory

from .factories import InitiativeFactory, ServiceFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(entraide.directory.__file__).parent / "data"


def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture
def entries(commune, neighbourhood, theme):
    place = InitiativeFactory(
        commune=commune,
        name="Épicerie solidaire fictive",
        public_place=True,
        opening_hours="Mo-Fr 09:00-12:00",
        contact_email="contact@epicerie.example.org",
        contact_phone="05 00 00 00 03",
        website="https://epicerie.example.org",
        categories=[theme],
    )
    ServiceFactory(initiative=place, name="Colis alimentaires", service_type="aide-materielle", fee="gratuit")
    informal = InitiativeFactory(
        commune=commune,
        neighbourhood=neighbourhood,
        name="Collectif fictif",
        opening_hours="quand il fait beau",
    )
    ServiceFactory(initiative=informal, name="Balades du dimanche")
    InitiativeFactory(commune=commune, name="Proposition secrète", proposed=True)
    return place, informal


def test_structures_are_valid_data_inclusion(anonymous, entries):
    response = anonymous.get("/initiatives/export/structures.json")
    data = response.json()
    assert response["Access-Control-Allow-Origin"] == "*"
    check = validator("structure")
    for item in data:
        check.validate(item)
    assert {item["nom"] for item in data} == {"Épicerie solidaire fictive", "Collectif fictif"}
    informal = next(item for item in data if item["nom"] == "Collectif fictif")
    assert informal["adresse"] is None and informal["latitude"] is None
    assert informal["horaires_accueil"] is None  # free text is not OSM syntax
    assert informal["code_insee"] == "81070"


def test_services_are_valid_data_inclusion(anonymous, entries):
    data = anonymous.get("/initiatives/export/services.json").json()
    check = validator("service")
    for item in data:
        check.validate(item)
    food = next(item for item in data if item["nom"] == "Colis alimentaires")
    assert food["thematiques"] == ["equipement-et-alimentation--alimentation"]
    assert food["frais"] == "gratuit"
    assert food["structure_id"].startswith("entraide-coufouleux--")


def test_a_schema_violation_would_be_caught():
    with pytest.raises(jsonschema.ValidationError):
        validator("structure").validate({"source": "x", "id": "x", "nom": "A", "date_maj": "hier"})


def test_geojson_has_only_public_places(anonymous, entries):
    response = anonymous.get("/initiatives/export.geojson")
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in data["features"]] == ["Épicerie solidaire fictive"]
    assert data["features"][0]["geometry"]["coordinates"] == [1.6325, 43.8041]


def test_csv_carries_only_published_fields(anonymous, entries, resident):
    text = anonymous.get("/initiatives/export.csv").getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {row["name"] for row in rows} == {"Épicerie solidaire fictive", "Collectif fictif"}
    assert "Proposition secrète" not in text
    assert resident.email not in text


def test_exports_do_not_leak_another_territory(anonymous, outsider):
    InitiativeFactory(commune=outsider.commune, name="Initiative d'ailleurs")
    for url in [
        "/initiatives/export/structures.json",
        "/initiatives/export.geojson",
        "/initiatives/export.csv",
    ]:
        assert "Initiative d'ailleurs" not in anonymous.get(url).getvalue().decode()


def test_the_list_links_to_the_exports(anonymous):
    text = anonymous.get("/initiatives/").text
    for url in [
        "/initiatives/export/structures.json",
        "/initiatives/export/services.json",
        "/initiatives/export.geojson",
        "/initiatives/export.csv",
    ]:
        assert url in text
