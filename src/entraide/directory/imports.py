"""Import a directory from a CSV file (ours, or a spreadsheet's) or a data·inclusion structures file.

Every row is checked with the same form as a person typing it; a row either
goes in whole (with its services) or not at all, and the report says why.
Possible duplicates (same name and commune) are created as proposals pointing
at the existing entry, for the referent to decide, never merged silently.
The whole import is recorded in an `ImportBatch` and can be undone at once.
"""

import contextlib
import csv
import datetime
import io
import json
import logging
import re
import unicodedata
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.categories.models import Category
from entraide.core.csv import read_back
from entraide.core.search import normalize
from entraide.people.models import User
from entraide.territories.models import Territory

from .enums import Audience, Fee, InitiativeKind, Publication, ServiceType
from .exports import CSV_COLUMNS
from .forms import InitiativeForm, ServiceForm
from .models import ImportBatch, Initiative, Service, in_france
from .services import refresh_search_text, unique_slug

logger = logging.getLogger(__name__)

MAX_ROWS = 2000
TRUE_WORDS = {"1", "true", "oui", "yes", "vrai", "x"}
PUBLIC_NETWORKS = {"ccas-cias", "communes", "france-service", "caf", "departements"}


@dataclass
class RowReport:
    row: int
    name: str
    outcome: str = "error"  # created, duplicate, error
    messages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"row": self.row, "name": self.name, "outcome": self.outcome, "messages": self.messages}


def decode(raw: bytes) -> tuple[str, str]:
    """The text of an uploaded file and the encoding found: UTF-8, else Windows-1252/Latin-1."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "latin-1"


STRUCTURES, SERVICES = "data·inclusion", "data·inclusion services"

# A spreadsheet made by hand often has French headers: they name the same columns.
FRENCH_HEADERS = {
    "nom": "name",
    "type": "kind",
    "genre": "kind",
    "description": "description",
    "ce_qu_elle_fait": "description",
    "themes": "themes",
    "thematiques": "themes",
    "public": "audience",
    "pour_qui": "audience",
    "code_insee": "commune_insee",
    "commune": "commune",
    "quartier": "neighbourhood",
    "hameau": "neighbourhood",
    "lieu_ouvert_au_public": "has_public_place",
    "adresse": "address",
    "code_postal": "postal_code",
    "horaires": "opening_hours",
    "telephone": "phone",
    "courriel": "email",
    "e_mail": "email",
    "email": "email",
    "site_web": "website",
    "site_internet": "website",
    "liens": "links",
    "statut": "status",
    "services": "services",
}


def _column(header: str) -> str:
    """Our column for a CSV header, whether it is ours ("name") or French ("Nom", "Téléphone")."""
    plain = unicodedata.normalize("NFKD", header or "").encode("ascii", "ignore").decode().lower()
    key = "_".join(re.findall(r"[a-z0-9]+", plain))
    if key in CSV_COLUMNS:
        return key
    return FRENCH_HEADERS.get(key, (header or "").strip().lower())


def read_rows(text: str) -> tuple[str, list[dict]]:
    """('csv', 'data·inclusion' or 'data·inclusion services', rows).

    CSV and structures rows are dicts of our CSV columns; services rows are the JSON objects.
    """
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        data = json.loads(stripped)
        if isinstance(data, dict):
            data = data.get("structures") or data.get("services") or data.get("results") or []
        if not isinstance(data, list):
            raise ValueError
        items = [item for item in data if isinstance(item, dict)]
        if items and all("structure_id" in item for item in items):
            return SERVICES, items
        return STRUCTURES, [_from_structure(item) for item in items]
    first_line = stripped.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.DictReader(io.StringIO(stripped), delimiter=delimiter)
    # Our export quotes formula-looking cells (`'=…`): read them back as they were typed.
    rows = [
        {_column(k or ""): read_back(v).strip() if isinstance(v, str) else "" for k, v in row.items()}
        for row in reader
    ]
    return "csv", rows


def _from_structure(item: dict) -> dict[str, str]:
    def text(key):
        value = item.get(key)
        return "" if value is None else str(value).strip()

    networks = set(item.get("reseaux_porteurs") or [])
    has_place = bool(text("adresse") or item.get("latitude") is not None)
    return {
        "name": text("nom"),
        "kind": InitiativeKind.PUBLIC_SERVICE if networks & PUBLIC_NETWORKS else InitiativeKind.ASSOCIATION,
        "description": text("description") or text("nom"),
        "commune_insee": text("code_insee"),
        "commune": text("commune"),
        "has_public_place": "oui" if has_place else "non",
        "address": text("adresse"),
        "postal_code": text("code_postal"),
        "latitude": text("latitude"),
        "longitude": text("longitude"),
        "opening_hours": text("horaires_accueil"),
        "phone": text("telephone"),
        "email": text("courriel"),
        "website": text("site_web"),
        "id": text("id"),
    }


class Importer:
    def __init__(self, territory: Territory, user: User | None, commune_ids: set[int] | None = None):
        self.territory = territory
        self.user = user
        self.commune_ids = commune_ids  # the communes the importer looks after; None: all
        self.communes = list(territory.communes.prefetch_related("neighbourhoods"))
        self.categories = list(Category.objects.in_territory(territory))
        self.known = {
            (normalize(name), commune_id): pk
            for pk, name, commune_id in Initiative.objects.in_territory(territory).values_list(
                "pk", "name", "commune_id"
            )
        }

    def _commune(self, row):
        insee, name = row.get("commune_insee", ""), normalize(row.get("commune", ""))
        for commune in self.communes:
            if (insee and commune.insee_code == insee) or (
                not insee and name and normalize(commune.name) == name
            ):
                return commune
        return None

    def _categories(self, value: str, report: RowReport) -> list[int]:
        pks = []
        for token in [t.strip() for t in value.replace(";", "|").replace(",", "|").split("|") if t.strip()]:
            found = [
                c.pk
                for c in self.categories
                if token == c.slug
                or normalize(token) == normalize(c.name)
                or token in (c.di_thematiques or [])
            ]
            if found:
                pks += found
            else:
                report.messages.append(_("Unknown theme “%(theme)s”: ignored.") % {"theme": token})
        return sorted(set(pks))

    def _number(self, value: str) -> str:
        return value.replace(",", ".").strip()

    def form_data(self, row: dict[str, str], report: RowReport) -> dict | None:
        commune = self._commune(row)
        if commune is None:
            report.messages.append(
                _("Commune “%(commune)s” is not part of this territory.")
                % {"commune": row.get("commune") or row.get("commune_insee") or "?"}
            )
            return None
        if self.commune_ids is not None and commune.pk not in self.commune_ids:
            report.messages.append(
                _("You do not look after the commune of %(commune)s.") % {"commune": commune.name}
            )
            return None
        neighbourhood = None
        if row.get("neighbourhood"):
            wanted = normalize(row["neighbourhood"])
            neighbourhood = next(
                (n for n in commune.neighbourhoods.all() if normalize(n.name) == wanted), None
            )
            if neighbourhood is None:
                report.messages.append(
                    _("Unknown neighbourhood “%(name)s”: filed under the whole commune.")
                    % {"name": row["neighbourhood"]}
                )
        latitude, longitude = self._number(row.get("latitude", "")), self._number(row.get("longitude", ""))
        if latitude and longitude:
            try:
                if not in_france(float(latitude), float(longitude)):
                    report.messages.append(
                        _("The coordinates %(lat)s, %(lon)s are not in France.")
                        % {"lat": latitude, "lon": longitude}
                    )
                    return None
            except ValueError:
                pass  # the form reports malformed numbers
        has_place = row.get("has_public_place", "").lower() in TRUE_WORDS or bool(
            row.get("address") or latitude
        )
        kind = row.get("kind") or InitiativeKind.ASSOCIATION
        kind_by_label = {normalize(str(label)): value for value, label in InitiativeKind.choices}
        kind = kind_by_label.get(normalize(kind), kind)
        return {
            "name": row.get("name", ""),
            "kind": kind,
            "description": row.get("description", ""),
            "categories": self._categories(row.get("themes", ""), report),
            "audience": row.get("audience") or Audience.EVERYONE,
            "audience_note": row.get("audience_note", ""),
            "commune": commune.pk,
            "neighbourhood": neighbourhood.pk if neighbourhood else "",
            "has_public_place": "on" if has_place else "",
            "address": row.get("address", ""),
            "postal_code": row.get("postal_code", ""),
            "latitude": latitude,
            "longitude": longitude,
            "opening_hours": row.get("opening_hours", ""),
            "contact_phone": row.get("phone", ""),
            "contact_email": row.get("email", ""),
            "website": row.get("website", ""),
            "links": "\n".join(t.strip() for t in row.get("links", "").split("|") if t.strip()),
            "status": row.get("status") or "active",
        }

    def _services(self, value: str, report: RowReport) -> list[ServiceForm]:
        if not value:
            return []
        try:
            items = json.loads(value)
            assert isinstance(items, list)
        except (ValueError, AssertionError, RecursionError):
            report.messages.append(_("The services column could not be read: services ignored."))
            return []
        forms = []
        slugs = {c.slug: c.pk for c in self.categories}
        for item in items:
            if not isinstance(item, dict):
                continue
            data = {
                "name": item.get("name", ""),
                "description": item.get("description", ""),
                "service_type": item.get("type", ""),
                "fee": item.get("fee", ""),
                "categories": [slugs[s] for s in item.get("themes", []) if s in slugs],
            }
            forms.append(ServiceForm(data, territory=self.territory))
        return forms

    @staticmethod
    def _errors(form) -> list[str]:
        return [
            f"{form.fields[name].label if name in form.fields else ''}{_(':')} {' '.join(errors)}".lstrip(
                ": "
            )
            for name, errors in form.errors.items()
        ]

    def import_row(self, index: int, row: dict[str, str], batch: ImportBatch) -> RowReport:
        report = RowReport(row=index, name=row.get("name", "").replace("\x00", "")[:150])
        nul = next((column for column, value in row.items() if "\x00" in value), None)
        if nul is not None:  # PostgreSQL stores no NUL: say which cell, not a server error
            report.messages.append(
                _("The “%(column)s” cell holds an invisible character (NUL): remove it and import again.")
                % {"column": nul}
            )
            return report
        data = self.form_data(row, report)
        if data is None:
            return report
        form = InitiativeForm(data, territory=self.territory)
        service_forms = self._services(row.get("services", ""), report)
        if not form.is_valid():
            report.messages += self._errors(form)
            return report
        for service_form in service_forms:
            if not service_form.is_valid():
                report.messages += self._errors(service_form)
                return report
        key = (normalize(form.cleaned_data["name"]), form.cleaned_data["commune"].pk)
        with transaction.atomic():
            initiative = form.save(commit=False)
            initiative.slug = unique_slug(self.territory, initiative.name)
            initiative.import_batch = batch
            initiative.proposed_by = self.user
            initiative.external_id = row.get("id", "")[:200]
            if row.get("last_checked_on"):
                with contextlib.suppress(ValueError):
                    initiative.last_checked_on = datetime.date.fromisoformat(row["last_checked_on"])
            if key in self.known:
                initiative.publication = Publication.PROPOSED
                initiative.duplicate_of_id = self.known[key]
                report.outcome = "duplicate"
                report.messages.append(
                    _("An entry with the same name already exists in this commune: proposed to the referent.")
                )
            else:
                initiative.publication = Publication.PUBLISHED
                report.outcome = "created"
            initiative.save()
            form.save_m2m()
            for service_form in service_forms:
                service = service_form.save(commit=False)
                service.initiative = initiative
                service.save()
                service_form.save_m2m()
            refresh_search_text(initiative)
        self.known.setdefault(key, initiative.pk)
        return report


def _first(value) -> str:
    """A data·inclusion code given as a string or a list of strings (the first one)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return "" if value is None else str(value).strip()


class ServiceImporter:
    """data·inclusion services, each attached to an initiative already in the directory.

    The service's `structure_id` is matched against the identifier an entry was imported with
    (`external_id`) or the one our own export gives it. A service with the same name as one the
    entry already has is reported and left out, never merged.
    """

    def __init__(self, territory: Territory, user: User | None, commune_ids: set[int] | None = None):
        self.territory = territory
        self.user = user
        self.commune_ids = commune_ids
        self.categories = list(Category.objects.in_territory(territory))
        self.structures: dict[str, Initiative] = {}
        self.existing: set[tuple[int, str]] = set()

    def load(self, rows: list[dict]) -> None:
        """Two queries for the whole file: the entries named by the file, and their services' names."""
        from .exports import source_id

        wanted = {str(row.get("structure_id") or "").strip() for row in rows} - {""}
        prefix = f"{source_id(self.territory)}--"
        own_ids = set()
        for value in wanted:
            if value.startswith(prefix):
                with contextlib.suppress(ValueError):
                    own_ids.add(uuid.UUID(value[len(prefix) :]))
        # The published entry first, then the most recent: a possible duplicate never takes the services.
        candidates = (
            Initiative.objects.in_territory(self.territory)
            .filter(Q(external_id__in=wanted) | Q(public_id__in=own_ids))
            .select_related("commune")
            .order_by("-publication", F("duplicate_of").asc(nulls_first=True), "-created_at")
        )
        for initiative in candidates:
            for key in (initiative.external_id, f"{prefix}{initiative.public_id}"):
                if key in wanted:
                    self.structures.setdefault(key, initiative)
        self.existing = {
            (initiative_id, normalize(name))
            for initiative_id, name in Service.objects.filter(
                initiative__in=[i.pk for i in self.structures.values()]
            ).values_list("initiative_id", "name")
        }

    def _categories(self, codes, report: RowReport) -> list[int]:
        pks = []
        for code in codes if isinstance(codes, list) else []:
            found = [c.pk for c in self.categories if code in (c.di_thematiques or [])]
            if found:
                pks += found
            else:
                report.messages.append(_("Unknown theme “%(theme)s”: ignored.") % {"theme": code})
        return sorted(set(pks))

    def _code(self, value, choices, label: str, report: RowReport) -> str:
        code = _first(value)
        if code and code not in choices:
            report.messages.append(
                _("Unknown %(field)s “%(value)s”: left empty.") % {"field": label, "value": code}
            )
            return ""
        return code

    def import_row(self, index: int, row: dict, batch: ImportBatch) -> RowReport:
        name = str(row.get("nom") or "").strip()
        report = RowReport(row=index, name=name[:150])
        initiative = self.structures.get(str(row.get("structure_id") or "").strip())
        if initiative is None:
            report.messages.append(
                _("No entry of the directory has the identifier “%(id)s”: import its structure first.")
                % {"id": row.get("structure_id") or "?"}
            )
            return report
        if self.commune_ids is not None and initiative.commune_id not in self.commune_ids:
            report.messages.append(
                _("You do not look after the commune of %(commune)s.") % {"commune": initiative.commune.name}
            )
            return report
        key = (initiative.pk, normalize(name))
        if name and key in self.existing:
            report.outcome = "duplicate"
            report.messages.append(
                _("“%(initiative)s” already has a service with this name: left unchanged.")
                % {"initiative": initiative.name}
            )
            return report
        data = {
            "name": name,
            "description": str(row.get("description") or row.get("presentation_resume") or name).strip(),
            "service_type": self._code(
                row.get("type", row.get("types")), ServiceType.values, _("type"), report
            ),
            "fee": self._code(row.get("frais"), Fee.values, _("cost"), report),
            "categories": self._categories(row.get("thematiques"), report),
        }
        form = ServiceForm(data, territory=self.territory)
        if not form.is_valid():
            report.messages += Importer._errors(form)
            return report
        with transaction.atomic():
            service = form.save(commit=False)
            service.initiative = initiative
            service.import_batch = batch
            service.external_id = str(row.get("id") or "")[:200]
            service.save()
            form.save_m2m()
        self.existing.add(key)
        report.outcome = "created"
        report.messages.insert(0, _("Added to “%(initiative)s”.") % {"initiative": initiative.name})
        return report


def import_file(
    *, territory: Territory, user: User | None, filename: str, raw: bytes, commune_ids: set[int] | None = None
) -> ImportBatch:
    """Import a file; every row is reported; valid rows are created, each in its own transaction."""
    text, encoding = decode(raw)
    batch = ImportBatch.objects.create(
        territory=territory, created_by=user, filename=filename[:200], file_format="?", encoding=encoding
    )
    try:
        file_format, rows = read_rows(text)
    except (ValueError, csv.Error, RecursionError):  # RecursionError: JSON nested thousands deep
        batch.report = [
            RowReport(0, "", "error", [_("This file could not be read as CSV or JSON.")]).as_dict()
        ]
        batch.save(update_fields=["report"])
        return batch
    batch.file_format = file_format
    if file_format == SERVICES:
        importer = ServiceImporter(territory, user, commune_ids)
        importer.load(rows[:MAX_ROWS])
    else:
        importer = Importer(territory, user, commune_ids)
    reports = []
    for index, row in enumerate(rows[:MAX_ROWS], start=1):
        try:
            reports.append(importer.import_row(index, row, batch))
        except Exception:  # one broken row never stops the others
            logger.exception("Import of row %s failed", index)
            reports.append(
                RowReport(
                    index,
                    str(row.get("name") or row.get("nom") or "")[:150],
                    "error",
                    [_("This row could not be imported.")],
                )
            )
    if len(rows) > MAX_ROWS:
        reports.append(
            RowReport(
                MAX_ROWS + 1, "", "error", [_("Only the first %(n)s rows were read.") % {"n": MAX_ROWS}]
            )
        )
    batch.report = [r.as_dict() for r in reports]
    kept = {"created"} if file_format == SERVICES else {"created", "duplicate"}
    batch.created_count = sum(r.outcome in kept for r in reports)
    batch.save(update_fields=["report", "created_count", "file_format"])
    return batch


@transaction.atomic
def undo(batch: ImportBatch) -> int:
    """Delete everything the import created (entries, or services); return how many were removed."""
    services = Service.objects.filter(import_batch=batch)
    created = Initiative.objects.filter(import_batch=batch)
    count = created.count() + services.exclude(initiative__import_batch=batch).count()
    services.delete()
    created.delete()
    batch.undone_at = timezone.now()
    batch.save(update_fields=["undone_at"])
    return count
