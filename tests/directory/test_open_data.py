"""Exports in the data·inclusion schema, GeoJSON and CSV; only what initiatives chose to publish."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

import entraide.directory
from entraide.directory.exports import CSV_COLUMNS

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


def test_the_open_data_page_lists_every_export_with_licence_schema_and_date(anonymous, entries):
    assert "/donnees-ouvertes/" in anonymous.get("/initiatives/").text
    text = anonymous.get("/donnees-ouvertes/").text
    for url in [
        "/initiatives/export/structures.json",
        "/initiatives/export/services.json",
        "/initiatives/export.geojson",
        "/initiatives/export.csv",
        "/initiatives/export.xlsx",
        "/tableau/flux.atom",
        "/donnees-ouvertes/catalogue.jsonld",
    ]:
        assert url in text
    assert "Licence Ouverte 2.0" in text and "data·inclusion v1.0.8" in text


def test_the_catalogue_is_dcat_ap_json_ld(anonymous, entries):
    from pyld import jsonld

    data = anonymous.get("/donnees-ouvertes/catalogue.jsonld").json()
    [catalogue] = jsonld.expand(data)
    dcat, dct = "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/"
    assert catalogue["@type"] == [f"{dcat}Catalog"]
    datasets = catalogue[f"{dcat}dataset"]
    assert len(datasets) >= 5  # the directory's five, and what other modules list
    for dataset in datasets:
        assert dataset["@type"] == [f"{dcat}Dataset"]
        assert dataset[f"{dct}license"] == [
            {"@id": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}
        ]
        for distribution in dataset[f"{dcat}distribution"]:
            url = distribution[f"{dcat}downloadURL"][0]["@id"]
            assert anonymous.get(url).status_code == 200
    modified = {d[f"{dct}identifier"][0]["@value"]: d.get(f"{dct}modified") for d in datasets}
    assert modified["annuaire-structures"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#date"


def test_the_xlsx_export_has_the_csv_rows_with_phones_as_text(anonymous, entries):
    import io

    import openpyxl

    response = anonymous.get("/initiatives/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == CSV_COLUMNS
    assert len(rows) == 2
    phones = {row[CSV_COLUMNS.index("name")]: row[CSV_COLUMNS.index("phone")] for row in rows}
    assert phones["Épicerie solidaire fictive"] == "05 00 00 00 03"
