"""Open data: one page listing every export of the site, and its DCAT-AP catalogue in JSON-LD.

Each app contributes its datasets from an `opendata.py` module with
`def datasets(request) -> list[Dataset]` (found by `core.discovery.app_modules("opendata")`):
the page and the catalogue list them all, so that data.gouv.fr or a neighbouring commune can
harvest them (`/donnees-ouvertes/catalogue.jsonld`).
"""

import datetime
import json
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .discovery import app_modules

LICENCE_NAME = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


@dataclass
class Distribution:
    url: str
    media_type: str  # "application/json"
    label: str  # "JSON", shown to people


@dataclass
class Dataset:
    identifier: str  # stable, unique on the site: "directory-structures"
    title: str
    purpose: str  # what it is for, in plain words
    distributions: list[Distribution]
    schema_name: str = ""
    schema_url: str = ""
    last_update: datetime.date | datetime.datetime | None = None
    keywords: list[str] = field(default_factory=list)


def datasets(request: HttpRequest) -> list[Dataset]:
    found = []
    for module in app_modules("opendata"):
        found += module.datasets(request)
    return found


@login_not_required
def page(request: HttpRequest) -> HttpResponse:
    context = {
        "datasets": datasets(request),
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "catalogue_url": reverse("open_data:catalogue"),
    }
    return render(request, "core/open_data.html", context)


def _date(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat()


def catalogue_data(request: HttpRequest) -> dict:
    """DCAT-AP (v2) as JSON-LD: a catalogue of datasets, each with its distributions."""
    page_url = request.build_absolute_uri(reverse("open_data:page"))
    territory = getattr(request, "territory", None)
    publisher = {"@type": "foaf:Agent", "foaf:name": territory.name if territory else "Entraide"}
    items = []
    for dataset in datasets(request):
        item = {
            "@id": f"{page_url}#{dataset.identifier}",
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.identifier,
            "dct:title": dataset.title,
            "dct:description": dataset.purpose,
            "dct:publisher": publisher,
            "dct:license": {"@id": LICENCE_URL},
            "dcat:landingPage": {"@id": f"{page_url}#{dataset.identifier}"},
            "dcat:distribution": [
                {
                    "@type": "dcat:Distribution",
                    "dcat:accessURL": {"@id": request.build_absolute_uri(d.url)},
                    "dcat:downloadURL": {"@id": request.build_absolute_uri(d.url)},
                    "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{d.media_type}"},
                    "dct:format": d.label,
                    "dct:license": {"@id": LICENCE_URL},
                }
                for d in dataset.distributions
            ],
        }
        if dataset.keywords:
            item["dcat:keyword"] = dataset.keywords
        if dataset.schema_url:
            item["dct:conformsTo"] = {"@id": dataset.schema_url, "dct:title": dataset.schema_name}
        if modified := _date(dataset.last_update):
            item["dct:modified"] = {"@value": modified, "@type": "xsd:date"}
        items.append(item)
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": request.build_absolute_uri(reverse("open_data:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": _("Open data of %(site)s") % {"site": publisher["foaf:name"]},
        "dct:description": str(OPEN_DATA_DESCRIPTION),
        "dct:publisher": publisher,
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "dct:license": {"@id": LICENCE_URL},
        "foaf:homepage": {"@id": page_url},
        "dcat:dataset": items,
    }


OPEN_DATA_DESCRIPTION = gettext_lazy(
    "What this site publishes for everyone to reuse: the directory of initiatives and the open posts "
    "of the board, under the Licence Ouverte 2.0."
)


@login_not_required
def catalogue(request: HttpRequest) -> HttpResponse:
    body = json.dumps(catalogue_data(request), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


app_name = "open_data"
urlpatterns = [
    path("", page, name="page"),
    path("catalogue.jsonld", catalogue, name="catalogue"),
]
