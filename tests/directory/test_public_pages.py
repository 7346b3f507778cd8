"""The public list, its filters and search, the map, the embed, the initiative page."""

import json
import re

import pytest

from entraide.directory.enums import Audience, InitiativeKind

from ..factories import CommuneFactory, NeighbourhoodFactory
from ..helpers import assert_constant_queries
from ..pdfs import assert_tagged, links, pdf_text, structure
from .factories import HolderFactory, InitiativeFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def names(response) -> set[str]:
    return set(re.findall(r'<h2 class="h3"><a href="[^"]+">([^<]+)</a>', response.text))


def test_the_list_is_public_and_shows_only_published_entries(anonymous, commune):
    InitiativeFactory(commune=commune, name="Repair café fictif")
    InitiativeFactory(commune=commune, name="Proposition en attente", proposed=True)
    response = anonymous.get("/initiatives/")
    assert response.status_code == 200
    assert names(response) == {"Repair café fictif"}


def test_it_filters_by_theme_commune_neighbourhood_kind_and_public(
    anonymous, territory, commune, theme, transport
):
    other = CommuneFactory(territory=territory, insee_code="81220", name="Rabastens")
    gare = NeighbourhoodFactory(commune=commune, name="La Gare")
    InitiativeFactory(commune=commune, neighbourhood=gare, name="A fictive", categories=[theme])
    InitiativeFactory(
        commune=other, name="B fictive", categories=[transport], kind=InitiativeKind.THIRD_PLACE
    )
    InitiativeFactory(commune=commune, name="C fictive", audience=Audience.SENIORS)
    InitiativeFactory(commune=commune, name="D fictive", audience=Audience.YOUTH)
    assert names(anonymous.get("/initiatives/?theme=courses")) == {"A fictive"}
    assert names(anonymous.get("/initiatives/?commune=81220")) == {"B fictive"}
    assert names(anonymous.get(f"/initiatives/?quartier={gare.public_id}")) == {"A fictive"}
    assert names(anonymous.get("/initiatives/?kind=third_place")) == {"B fictive"}
    # Entries for everyone also serve older people.
    assert names(anonymous.get("/initiatives/?public=seniors")) == {"A fictive", "B fictive", "C fictive"}


def test_unknown_filter_values_are_ignored_not_an_error(anonymous, commune):
    InitiativeFactory(commune=commune, name="A fictive")
    response = anonymous.get("/initiatives/?theme=nope&commune=00000&quartier=zzz&kind=x&page=999")
    assert response.status_code == 200
    assert names(response) == {"A fictive"}


def test_search_ignores_case_accents_and_plurals(anonymous, commune):
    InitiativeFactory(commune=commune, name="Atelier Vélos Solidaires", description="Réparations de vélos.")
    InitiativeFactory(commune=commune, name="Chorale fictive", description="On chante ensemble.")
    assert names(anonymous.get("/initiatives/?q=VELO")) == {"Atelier Vélos Solidaires"}
    assert names(anonymous.get("/initiatives/?q=reparation solidaire")) == {"Atelier Vélos Solidaires"}
    assert names(anonymous.get("/initiatives/?q=coufouleux")) == {
        "Atelier Vélos Solidaires",
        "Chorale fictive",
    }


def test_htmx_gets_the_same_results_as_a_partial(anonymous, commune, theme):
    InitiativeFactory(commune=commune, name="A fictive", categories=[theme])
    InitiativeFactory(commune=commune, name="B fictive")
    full = anonymous.get("/initiatives/?theme=courses")
    partial = anonymous.get("/initiatives/?theme=courses", HTTP_HX_REQUEST="true")
    assert "<html" in full.text and "<html" not in partial.text
    assert names(full) == names(partial) == {"A fictive"}


def test_the_list_keeps_a_constant_number_of_queries(anonymous, commune, theme, transport):
    def add(n):
        for _ in range(n):
            initiative = InitiativeFactory(commune=commune, categories=[theme, transport])
            ServiceFactory(initiative=initiative)

    assert_constant_queries(lambda: anonymous.get("/initiatives/"), add)


def test_the_map_keeps_a_constant_number_of_queries(anonymous, commune, theme):
    assert_constant_queries(
        lambda: anonymous.get("/initiatives/carte/"),
        lambda n: [
            InitiativeFactory(commune=commune, public_place=True, categories=[theme]) for _ in range(n)
        ],
        large=60,
    )


def test_the_map_page_lists_everything_and_maps_only_public_places(anonymous, commune, theme):
    InitiativeFactory(commune=commune, name="Tiers-lieu fictif", public_place=True, categories=[theme])
    InitiativeFactory(commune=commune, name="Collectif sans local", categories=[theme])
    InitiativeFactory(commune=commune, name="Autre lieu fictif", public_place=True)
    response = anonymous.get("/initiatives/carte/?theme=courses")
    assert names(response) == {"Tiers-lieu fictif", "Collectif sans local"}
    source = re.search(r'data-source="([^"]+)"', response.text).group(1).replace("&amp;", "&")
    assert source == "/initiatives/export.geojson?theme=courses"
    data = anonymous.get(source).json()
    assert [f["properties"]["name"] for f in data["features"]] == ["Tiers-lieu fictif"]


def test_the_tile_server_is_a_setting(anonymous, commune, settings):
    settings.DIRECTORY_MAP_TILES_URL = "https://tuiles.example.org/{z}/{x}/{y}.png"
    assert "tuiles.example.org" in anonymous.get("/initiatives/carte/").text


def test_the_embed_can_be_framed_by_another_site(anonymous, commune):
    InitiativeFactory(commune=commune, name="A fictive")
    response = anonymous.get("/initiatives/integrer/?commune=81070&vue=carte")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "A fictive" in response.text
    assert 'id="initiatives-map"' in response.text
    assert "X-Frame-Options" in anonymous.get("/initiatives/")


def test_the_initiative_page_has_schema_org_json_ld(anonymous, commune):
    initiative = InitiativeFactory(
        commune=commune,
        name="Épicerie fictive",
        public_place=True,
        opening_hours="Mo-Fr 09:00-12:00",
        contact_phone="05 00 00 00 02",
    )
    response = anonymous.get(f"/initiatives/{initiative.slug}/")
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S).group(1)
    )
    assert data["@type"] == "Organization"
    assert data["name"] == "Épicerie fictive"
    assert data["location"]["geo"]["latitude"] == 43.8041
    assert data["location"]["openingHoursSpecification"][0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00",
        "closes": "12:00",
    }
    assert len(data["location"]["openingHoursSpecification"]) == 5


def test_the_page_of_an_informal_collective_shows_no_address(anonymous, commune, neighbourhood):
    initiative = InitiativeFactory(commune=commune, neighbourhood=neighbourhood, name="Collectif fictif")
    response = anonymous.get(f"/initiatives/{initiative.slug}/")
    assert "La Gare, Coufouleux" in response.text
    assert '"location"' not in response.text


def test_holders_are_not_shown_publicly(anonymous, client_for, commune, resident, referent):
    initiative = InitiativeFactory(commune=commune)
    HolderFactory(initiative=initiative, user=resident)
    assert resident.display_name not in anonymous.get(f"/initiatives/{initiative.slug}/").text
    assert resident.display_name in client_for(referent).get(f"/initiatives/{initiative.slug}/").text


def test_the_directory_pdf_is_a_pdf_by_commune(anonymous, territory, commune):
    other = CommuneFactory(territory=territory, insee_code="81220", name="Rabastens")
    InitiativeFactory(commune=commune, name="A fictive")
    InitiativeFactory(commune=other, name="B fictive")
    response = anonymous.get("/initiatives/annuaire.pdf?commune=81070")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "81070" in response["Content-Disposition"]
    assert_tagged(response.content, title="Annuaire de l’entraide — Coufouleux")
    text = pdf_text(response.content)
    assert "A fictive" in text and "B fictive" not in text
    assert "http://a.example.org/initiatives/?commune=81070" in links(response.content)
    whole = anonymous.get("/initiatives/annuaire.pdf").content
    assert_tagged(whole)
    assert "A fictive" in pdf_text(whole) and "B fictive" in pdf_text(whole)
    # The directory, then each commune, then each initiative.
    assert [kind for kind in structure(whole) if kind.startswith("H")] == ["H1", "H2", "H3", "H2", "H3"]
