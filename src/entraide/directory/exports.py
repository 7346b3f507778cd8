"""Open data: the published directory as data·inclusion JSON, GeoJSON and CSV.

Only what initiatives chose to publish leaves the site: no proposals, no
holders, no notes. An address and coordinates only for a public place.
"""

import json
from collections.abc import Iterable, Iterator

from django.http import HttpRequest

from entraide.territories.models import Territory

from .models import Initiative

CSV_COLUMNS = [
    "name",
    "kind",
    "description",
    "themes",
    "audience",
    "audience_note",
    "commune_insee",
    "commune",
    "neighbourhood",
    "has_public_place",
    "address",
    "postal_code",
    "latitude",
    "longitude",
    "opening_hours",
    "phone",
    "email",
    "website",
    "links",
    "status",
    "last_checked_on",
    "services",
    "id",
]
LIST_SEPARATOR = "|"


def source_id(territory: Territory) -> str:
    return f"entraide-{territory.slug}"


def structure_id(initiative: Initiative) -> str:
    return initiative.external_id or f"{source_id(initiative.territory)}--{initiative.public_id}"


def published(territory: Territory):
    return (
        Initiative.objects.in_territory(territory)
        .published()
        .select_related("territory", "commune", "neighbourhood")
        .prefetch_related("categories", "services__categories")
        .order_by("name")
    )


def _thematiques(categories: Iterable) -> list[str] | None:
    codes = sorted({code for category in categories for code in category.di_thematiques or []})
    return codes or None


def _postal_code(initiative: Initiative) -> str | None:
    code = initiative.postal_code or (initiative.commune.postal_codes or "").split(" ")[0][:5]
    return code if len(code) == 5 and code.isdigit() else None


def _place(initiative: Initiative) -> dict:
    public = initiative.has_public_place
    return {
        "code_insee": initiative.commune.insee_code,
        "commune": initiative.commune.name,
        "code_postal": _postal_code(initiative),
        "adresse": initiative.address or None if public else None,
        "latitude": float(initiative.latitude) if initiative.has_point else None,
        "longitude": float(initiative.longitude) if initiative.has_point else None,
    }


def structures(request: HttpRequest, territory: Territory) -> list[dict]:
    return [
        {
            "source": source_id(territory),
            "id": structure_id(i),
            "nom": i.name,
            "description": i.description,
            "date_maj": i.updated_at.date().isoformat(),
            "lien_source": request.build_absolute_uri(i.get_absolute_url()),
            "telephone": i.contact_phone or None,
            "courriel": i.contact_email or None,
            "site_web": i.web_site or None,
            "horaires_accueil": i.opening_hours if i.opening_hours_ok else None,
            **_place(i),
        }
        for i in published(territory)
    ]


def services(request: HttpRequest, territory: Territory) -> list[dict]:
    rows = []
    for i in published(territory):
        for s in i.services.all():
            rows.append(
                {
                    "source": source_id(territory),
                    "structure_id": structure_id(i),
                    "id": f"{source_id(territory)}--{s.public_id}",
                    "nom": s.name,
                    "description": s.description,
                    "date_maj": s.updated_at.date().isoformat(),
                    "type": s.service_type or None,
                    "frais": s.fee or None,
                    "thematiques": _thematiques(s.categories.all() or i.categories.all()),
                    "publics": [i.audience],
                    "publics_precisions": i.audience_note or None,
                    "modes_accueil": ["en-presentiel"] if i.has_public_place else None,
                    "telephone": i.contact_phone or None,
                    "courriel": i.contact_email or None,
                    "horaires_accueil": i.opening_hours if i.opening_hours_ok else None,
                    "zone_eligibilite": [i.commune.insee_code],
                    "lien_source": request.build_absolute_uri(i.get_absolute_url()),
                    **_place(i),
                }
            )
    return rows


def geojson(request: HttpRequest, initiatives: Iterable[Initiative]) -> dict:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(i.longitude), float(i.latitude)]},
            "properties": {
                "name": i.name,
                "kind": i.get_kind_display(),
                "where": i.public_location,
                "address": i.address,
                "url": request.build_absolute_uri(i.get_absolute_url()),
                "themes": [c.name for c in i.categories.all()],
            },
        }
        for i in initiatives
        if i.has_point
    ]
    return {"type": "FeatureCollection", "features": features}


def csv_row(i: Initiative) -> dict:
    return {
        "name": i.name,
        "kind": i.kind,
        "description": i.description,
        "themes": LIST_SEPARATOR.join(c.slug for c in i.categories.all()),
        "audience": i.audience,
        "audience_note": i.audience_note,
        "commune_insee": i.commune.insee_code,
        "commune": i.commune.name,
        "neighbourhood": i.neighbourhood.name if i.neighbourhood_id else "",
        "has_public_place": "oui" if i.has_public_place else "non",
        "address": i.address,
        "postal_code": i.postal_code,
        "latitude": i.latitude,
        "longitude": i.longitude,
        "opening_hours": i.opening_hours,
        "phone": i.contact_phone,
        "email": i.contact_email,
        "website": i.web_site,
        "links": LIST_SEPARATOR.join(i.web_links),
        "status": i.status,
        "last_checked_on": i.last_checked_on.isoformat(),
        "services": json.dumps(
            [
                {
                    "name": s.name,
                    "description": s.description,
                    "type": s.service_type,
                    "fee": s.fee,
                    "themes": [c.slug for c in s.categories.all()],
                }
                for s in i.services.all()
            ],
            ensure_ascii=False,
        )
        if i.services.all()
        else "",
        "id": structure_id(i),
    }


def csv_rows(initiatives: Iterable[Initiative]) -> Iterator[list]:
    """The rows of `CSV_COLUMNS`, to give to `entraide.core.csv`."""
    for initiative in initiatives:
        row = csv_row(initiative)
        yield [row[column] for column in CSV_COLUMNS]
