"""Open data: the published directory as data·inclusion JSON, GeoJSON, CSV and xlsx.

Only what initiatives chose to publish leaves the site: no proposals, no
holders, no notes. An address and coordinates only for a public place.

The CSV and xlsx files carry our columns, then for an entry imported from a data·inclusion file
its `source`, the source's date (`source_date`) and, in `data_inclusion`, the whole record as the
JSON export gives it (every field it came with, `with_source`); each service of the `services`
column carries its own record the same way. Imported again, these cells give the entry back its
record: nothing is lost on the way through a spreadsheet.
"""

import json
from collections.abc import Iterable, Iterator

from django.http import HttpRequest

from entraide.territories.models import Territory

from .models import Initiative, Service

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
    "source",
    "source_date",
    "data_inclusion",
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


def structure_data(i: Initiative, link: str | None) -> dict:
    """Our data·inclusion structure for an entry, before what it was imported with (`with_source`)."""
    return {
        "source": source_id(i.territory),
        "id": structure_id(i),
        "nom": i.name,
        "description": i.description,
        "date_maj": i.updated_at.date().isoformat(),
        "lien_source": link,
        "telephone": i.contact_phone or None,
        "courriel": i.contact_email or None,
        "site_web": i.web_site or None,
        "horaires_accueil": i.opening_hours if i.opening_hours_ok else None,
        **_place(i),
    }


def service_data(
    s: Service, i: Initiative, categories: list, initiative_categories: list, link: str | None
) -> dict:
    """Our data·inclusion service, before what it was imported with (`with_source`)."""
    return {
        "source": source_id(i.territory),
        "structure_id": structure_id(i),
        "id": s.external_id or f"{source_id(i.territory)}--{s.public_id}",
        "nom": s.name,
        "description": s.description,
        "date_maj": s.updated_at.date().isoformat(),
        "type": s.service_type or None,
        "frais": s.fee or None,
        "thematiques": _thematiques(categories or initiative_categories),
        "publics": [i.audience],
        "publics_precisions": i.audience_note or None,
        "modes_accueil": ["en-presentiel"] if i.has_public_place else None,
        "telephone": i.contact_phone or None,
        "courriel": i.contact_email or None,
        "horaires_accueil": i.opening_hours if i.opening_hours_ok else None,
        "zone_eligibilite": [i.commune.insee_code],
        "lien_source": link,
        **_place(i),
    }


# The producer's identity of a record stays its own, even after a change here.
IDENTITY = ("source", "id", "structure_id", "lien_source")


def with_source(ours: dict, source_record: dict) -> dict:
    """What an imported entry exports: every field it came with, as it came, unless changed here since.

    `source_record` holds the record as read and `as_read`, our own export of the entry right
    after the import: a field whose value here still equals `as_read` is given back as the source
    wrote it (a commune spelt "ALBI", a phone with dots, thematiques this territory does not map,
    fields we have no column for); a field changed here since is exported as it is now, and the
    date of update is then today's.
    """
    record = (source_record or {}).get("record")
    if not record:
        return ours
    as_read = source_record.get("as_read") or {}
    changed = {
        key
        for key, value in ours.items()
        if key not in IDENTITY and key != "date_maj" and as_read.get(key, value) != value
    }
    data = dict(record)
    for key, value in ours.items():
        if key in record and record[key] is not None and key in IDENTITY:
            continue
        if key in record and key not in changed and (key != "date_maj" or not changed):
            continue
        data[key] = value
    return data


def structures(request: HttpRequest, territory: Territory) -> list[dict]:
    return [
        with_source(structure_data(i, request.build_absolute_uri(i.get_absolute_url())), i.source_record)
        for i in published(territory)
    ]


def services(request: HttpRequest, territory: Territory) -> list[dict]:
    rows = []
    for i in published(territory):
        link = request.build_absolute_uri(i.get_absolute_url())
        initiative_categories = list(i.categories.all())
        for s in i.services.all():
            ours = service_data(s, i, list(s.categories.all()), initiative_categories, link)
            rows.append(with_source(ours, s.source_record))
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


def _record_cell(record: dict | None) -> str:
    return json.dumps(record, ensure_ascii=False) if record else ""


def csv_row(i: Initiative, link: str | None = None) -> dict:
    """One entry in our columns; an imported entry also with its data·inclusion record (`with_source`)."""
    initiative_categories = list(i.categories.all())
    record = (
        with_source(structure_data(i, link), i.source_record)
        if (i.source_record or {}).get("record")
        else None
    )
    services = []
    for s in i.services.all():
        item = {
            "name": s.name,
            "description": s.description,
            "type": s.service_type,
            "fee": s.fee,
            "themes": [c.slug for c in s.categories.all()],
        }
        if (s.source_record or {}).get("record"):
            ours = service_data(s, i, list(s.categories.all()), initiative_categories, link)
            item["data_inclusion"] = with_source(ours, s.source_record)
        services.append(item)
    return {
        "name": i.name,
        "kind": i.kind,
        "description": i.description,
        "themes": LIST_SEPARATOR.join(c.slug for c in initiative_categories),
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
        "services": json.dumps(services, ensure_ascii=False) if services else "",
        "id": structure_id(i),
        "source": (record or {}).get("source") or "",
        "source_date": (record or {}).get("date_maj") or "",
        "data_inclusion": _record_cell(record),
    }


def csv_rows(initiatives: Iterable[Initiative], request: HttpRequest | None = None) -> Iterator[list]:
    """The rows of `CSV_COLUMNS`, to give to `entraide.core.csv` or `entraide.core.xlsx`."""
    for initiative in initiatives:
        link = request.build_absolute_uri(initiative.get_absolute_url()) if request else None
        row = csv_row(initiative, link)
        yield [row[column] for column in CSV_COLUMNS]
