"""Import a directory from what people and the national ecosystem actually have.

Accepted: data·inclusion files (v1 and the older v0, structures or services, JSON or CSV, a
plain list or the API's paginated reply `{"items": [...], "total", "page", "size"}`), our own
CSV export, and spreadsheets (xlsx, ods, xls, CSV in any usual encoding and separator, Excel's
"Unicode text": UTF-16 with tabs), with our column names or French ones.

Every row is checked with the same rules as a person typing it (the forms, without the
queries); the valid rows of a file are then written in ONE transaction, in a few bulk queries:
a file goes in whole or not at all, and the report says, row by row, what was left out and why,
and once for the whole file what concerns it all (unknown columns, rows outside the territory,
phones that lost their leading 0). Possible duplicates (same name and commune) become
proposals pointing at the existing entry, never merged. Every data·inclusion field a row came
with is kept (`source_record`) and exported back as it came (`exports.with_source`).
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
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import jsonschema
from django import forms
from django.core.cache import cache as django_cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entraide.categories.models import Category
from entraide.core.csv import read_back
from entraide.core.search import normalize
from entraide.people.models import User
from entraide.territories.models import Commune, Territory

from . import exports
from .enums import Audience, Fee, InitiativeKind, InitiativeStatus, Publication, ServiceType
from .exports import CSV_COLUMNS
from .forms import InitiativeForm, ServiceForm
from .models import ImportBatch, Initiative, Service, in_france
from .services import RESERVED_SLUGS

logger = logging.getLogger(__name__)

MAX_ROWS = 20_000
PROGRESS_EVERY = 200
TRUE_WORDS = {"1", "true", "oui", "yes", "vrai", "x"}
PUBLIC_NETWORKS = {"ccas-cias", "communes", "france-service", "caf", "departements"}
PUBLIC_TYPOLOGIES = {
    "CCAS",
    "CIAS",
    "MUNI",
    "EPCI",
    "DEPT",
    "MDS",
    "CAF",
    "FS",
    "PE",
    "MDPH",
    "MSA",
    "PIJ_BIJ",
}
DATA = Path(__file__).parent / "data"

STRUCTURES, SERVICES = "data·inclusion", "data·inclusion services"


@dataclass
class RowReport:
    row: int
    name: str
    outcome: str = "error"  # created, duplicate, error, outside (summarised, not listed)
    messages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"row": self.row, "name": self.name, "outcome": self.outcome, "messages": self.messages}


# Reading ----------------------------------------------------------------------------------------


class Unreadable(ValueError):
    """The file is none of the shapes we read."""


def decode(raw: bytes) -> tuple[str, str]:
    """The text of a file and its encoding: UTF-16 (Excel's "Unicode text"), UTF-8, else Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    head = raw[:200]
    if len(head) > 3 and head.count(b"\x00") * 3 > len(head):  # UTF-16 without its mark
        with contextlib.suppress(UnicodeDecodeError):
            return raw.decode("utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"), "utf-16"
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "latin-1"


def _cell(value) -> str:
    """A spreadsheet cell as text: 563000002.0 → "563000002", a date → "2026-03-01"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


def _table(lines: Iterable[Iterable]) -> list[dict[str, str]]:
    """Rows of a sheet as dicts keyed by the first row; empty rows skipped."""
    lines = iter(lines)
    header = next(lines, None)
    if header is None:
        return []
    header = [_cell(h) for h in header]
    rows = []
    for line in lines:
        cells = [_cell(v) for v in line]
        if any(cells):
            rows.append({h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h})
    return rows


def _xlsx(raw: bytes) -> list[dict[str, str]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        return _table(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def _calamine(raw: bytes) -> list[dict[str, str]]:
    """ods and Excel 97 (xls) sheets."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    return _table(book.get_sheet_by_index(0).to_python(skip_empty_area=False))


def _csv(text: str) -> list[dict[str, str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    # Our export quotes formula-looking cells (`'=…`): read them back as they were typed.
    return _table([read_back(cell) for cell in line] for line in reader)


def _json_items(data) -> tuple[list[dict], str]:
    """The records of a data·inclusion JSON file: a list, the API's paginated reply, or one record."""
    shape = "JSON"
    if isinstance(data, dict):
        for key in ("items", "structures", "services", "results", "data"):
            if isinstance(data.get(key), list):
                shape = "JSON (API)" if key == "items" else shape
                data = data[key]
                break
        else:
            data = [data] if "nom" in data else []
    if not isinstance(data, list):
        raise Unreadable
    items = []
    for item in data:
        if isinstance(
            item, dict
        ):  # the API's search answers wrap each record: {"service": {...}, "distance": 3}
            inner = item.get("service") or item.get("structure")
            items.append(inner if isinstance(inner, dict) and "nom" in inner else item)
    return items, shape


def read_table(raw: bytes) -> tuple[str, str, list[dict]]:
    """(format, encoding, raw rows) of an uploaded file; `Unreadable` when it is none we know."""
    if raw.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype").decode() if "mimetype" in names else ""
            if "opendocument.spreadsheet" in mimetype:
                return "ods", "", _calamine(raw)
            if "xl/workbook.xml" in names:
                return "xlsx", "", _xlsx(raw)
        except Exception as error:  # a broken archive is the file's fault, not ours
            raise Unreadable from error
        raise Unreadable
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        try:
            return "xls", "", _calamine(raw)
        except Exception as error:
            raise Unreadable from error
    text, encoding = decode(raw)
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        try:
            items, shape = _json_items(json.loads(stripped))
        except (ValueError, RecursionError) as error:  # RecursionError: JSON nested thousands deep
            raise Unreadable from error
        return shape, encoding, items
    if "\x00" in stripped[:1000] and not stripped.startswith(("name", "nom")):
        raise Unreadable
    try:
        return "CSV", encoding, _csv(stripped)
    except csv.Error as error:
        raise Unreadable from error


# Columns -----------------------------------------------------------------------------------------

# A spreadsheet made by hand often has French headers: they name the same columns.
FRENCH_HEADERS = {
    "nom": "name",
    "type": "kind",
    "genre": "kind",
    "ce_qu_elle_fait": "description",
    "thematiques": "themes",
    "public": "audience",
    "publics": "audience",
    "pour_qui": "audience",
    "precisions_public": "audience_note",
    "code_insee": "commune_insee",
    "insee": "commune_insee",
    "quartier": "neighbourhood",
    "hameau": "neighbourhood",
    "lieu_ouvert_au_public": "has_public_place",
    "adresse": "address",
    "code_postal": "postal_code",
    "cp": "postal_code",
    "horaires": "opening_hours",
    "horaires_d_ouverture": "opening_hours",
    "horaires_ouverture": "opening_hours",
    "horaires_accueil": "opening_hours",
    "telephone": "phone",
    "tel": "phone",
    "courriel": "email",
    "e_mail": "email",
    "mail": "email",
    "site_web": "website",
    "site_internet": "website",
    "liens": "links",
    "statut": "status",
    "verifie_le": "last_checked_on",
    "identifiant": "id",
}


def _key(header: str) -> str:
    plain = unicodedata.normalize("NFKD", header or "").encode("ascii", "ignore").decode().lower()
    return "_".join(re.findall(r"[a-z0-9]+", plain))


def _column(header: str) -> str | None:
    """Our column for a CSV header, whether it is ours ("name") or French ("Nom", "Téléphone"); else None."""
    key = _key(header)
    if key in CSV_COLUMNS:
        return key
    return FRENCH_HEADERS.get(key)


@cache
def _schema(name: str) -> dict:
    return json.loads((DATA / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _properties(kind: str) -> dict[str, dict]:
    """The data·inclusion fields of a structure (v1, and v0's older ones) or a service."""
    if kind == SERVICES:
        return dict(_schema("service")["properties"])
    return {**_schema("v0-structure")["properties"], **_schema("structure")["properties"]}


@cache
def _validator(kind: str):
    schema = _schema("service" if kind == SERVICES else "structure")
    if kind == STRUCTURES:  # v0's fields are kept too: check them against v0's definitions
        v0 = _schema("v0-structure")
        schema = {
            **schema,
            "properties": {**v0["properties"], **schema["properties"]},
            "$defs": {**v0.get("$defs", {}), **schema.get("$defs", {})},
            "required": [],
        }
    else:
        schema = {**schema, "required": []}
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@cache
def _plain_text_fields(kind: str) -> frozenset[str]:
    """Fields any text or null satisfies: checked without the validator (most of a record, and fast)."""
    plain = {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None}
    return frozenset(
        key
        for key, spec in _properties(kind).items()
        if {k: v for k, v in spec.items() if k in {"anyOf", "default", "type"}} == plain
        or (spec.get("type") == "string" and set(spec) <= {"type", "title", "description", "examples"})
    )


_checked: dict[tuple, list] = {}


def _errors_of(kind: str, record: dict) -> list:
    """The schema's errors for `record`, field by field; a field's value seen before is not checked again."""
    plain = _plain_text_fields(kind)
    errors = []
    for key, value in record.items():
        if key in plain and (value is None or isinstance(value, str)):
            continue
        memo = (kind, key, json.dumps(value, sort_keys=True, default=str))
        if memo not in _checked:
            if len(_checked) > 50_000:
                _checked.clear()
            _checked[memo] = list(_validator(kind).iter_errors({key: value}))
        errors += _checked[memo]
    return errors


V0_MARKS = {
    "presentation_resume",
    "presentation_detail",
    "typologie",
    "horaires_ouverture",
    "labels_nationaux",
}
DI_MARKS = {"source", "date_maj", "lien_source", "reseaux_porteurs", "siret", "structure_id", *V0_MARKS}


def classify(rows: list[dict]) -> str:
    """'csv' (our columns or a spreadsheet's), STRUCTURES or SERVICES."""
    keys = {_key(k) for row in rows[:50] for k in row}
    if "structure_id" in keys:
        return SERVICES
    if "nom" in keys and keys & DI_MARKS:
        return STRUCTURES
    if keys and keys <= set(_properties(STRUCTURES)) and "nom" in keys and "name" not in keys:
        return STRUCTURES
    return "csv"


def read_rows(text: str) -> tuple[str, list[dict]]:
    """('csv', STRUCTURES or SERVICES, rows) of a text file; CSV rows keyed by our columns."""
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        items, _shape = _json_items(json.loads(stripped))
        rows = items
    else:
        rows = _csv(stripped)
    kind = classify(rows)
    if kind == "csv":
        return kind, [_ours(row) for row in rows]
    return kind, rows


def _ours(row: dict) -> dict[str, str]:
    data = {}
    for header, value in row.items():
        column = _column(header)
        if column and not data.get(column):
            data[column] = value if isinstance(value, str) else _cell(value)
    return data


def _typed(value, spec: dict):
    """A data·inclusion value read from a spreadsheet cell, typed as the schema says ("a, b" → ["a", "b"])."""
    if not isinstance(value, str):
        return value
    value = value.strip()
    if value == "":
        return None
    types = {option.get("type") for option in spec.get("anyOf", [spec])}
    if "array" in types:
        if value.startswith("["):
            with contextlib.suppress(ValueError):
                parsed = json.loads(value)
                if isinstance(parsed, list):
                    return parsed
        return [part.strip() for part in re.split(r"[,;|]", value) if part.strip()]
    if "integer" in types and re.fullmatch(r"-?\d+", value):
        return int(value)
    if "number" in types:
        with contextlib.suppress(ValueError):
            return float(value.replace(",", "."))
    if "boolean" in types:
        return value.lower() in TRUE_WORDS
    return value


def di_record(item: dict, kind: str, unknown: Counter, invalid: Counter, notes: list[str]) -> dict:
    """The data·inclusion fields of a row, typed, each valid for the schema.

    A value the schema refuses is left out (an item of a list alone), named in `notes`.
    """
    properties = _properties(kind)
    record = {}
    for header, value in item.items():
        key = header if header in properties else _key(header)
        if key not in properties:
            unknown[header] += 1
            continue
        record[key] = _typed(value, properties[key])
    dropped_items: dict[str, set[int]] = {}
    for error in _errors_of(kind, record):
        path = list(error.absolute_path)
        if not path:
            continue
        key = path[0]
        if len(path) > 1 and isinstance(record.get(key), list) and isinstance(path[1], int):
            dropped_items.setdefault(key, set()).add(path[1])
        elif key in record:
            bad = record.pop(key)
            invalid[key] += 1
            notes.append(
                _("“%(value)s” is not a valid %(field)s for data·inclusion: left out.")
                % {"value": bad, "field": key}
            )
    for key, indexes in dropped_items.items():
        values = record.get(key)
        if not isinstance(values, list):
            continue
        bad = [v for i, v in enumerate(values) if i in indexes]
        record[key] = [v for i, v in enumerate(values) if i not in indexes] or None
        invalid[key] += 1
        notes.append(
            _("“%(value)s” is not a valid %(field)s for data·inclusion: left out.")
            % {"value": ", ".join(map(str, bad)), "field": key}
        )
    return record


# Values ------------------------------------------------------------------------------------------

LOST_ZERO = re.compile(r"[1-9]\d{8}")


def phone(value: str, notes: list[str]) -> str:
    """A French number that lost its leading 0 in a spreadsheet ("563000002") gets it back, with a note."""
    value = (value or "").strip()
    if LOST_ZERO.fullmatch(value):
        notes.append(
            _("The phone number “%(phone)s” had lost its leading 0 (as spreadsheets do): restored.")
            % {"phone": value}
        )
        return f"0{value}"
    return value


def coordinate(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number.quantize(Decimal("0.0000001"))


@cache
def _referential(name: str) -> dict[str, str]:
    """label → code of a data·inclusion referential file."""
    path = DATA / f"ref-{name}.json"
    if not path.exists():
        return {}
    return {normalize(item["label"]): item["value"] for item in json.loads(path.read_text(encoding="utf-8"))}


def _labels(choices) -> dict[str, str]:
    """Code, French label and English label of each choice → code ("Familles", "familles", "Families")."""
    table = {}
    for value, label in choices:
        table[normalize(str(value))] = value
        for language in ("fr", "en"):
            with translation.override(language):
                table.setdefault(normalize(str(label)), value)
    return table


def coded(value: str, table: dict[str, str]) -> str:
    """The code of a coded cell given as a code or a label; the value itself when unknown (the form says)."""
    return table.get(normalize(value or ""), value)


ARRONDISSEMENTS = {"75": "75056", "69": "69123", "13": "13055"}  # Paris, Lyon, Marseille


def _insee(code: str) -> str:
    """An arrondissement's code (75104, 69384, 13201) is filed under its city."""
    code = (code or "").strip().upper()
    if re.fullmatch(r"751(0[1-9]|1\d|20)|6938[1-9]|132(0[1-9]|1[0-6])", code):
        return ARRONDISSEMENTS[code[:2]]
    return code


def commune_name(name: str) -> str:
    """A commune's name to match: accents, case, hyphens, "St"/"Ste", "Cedex", arrondissements aside."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\bcedex\b.*$", "", text)
    text = re.sub(r"\b\d+\s*(e|er|eme|ème)?\s*arr(ondissement)?\.?\b", "", text)
    words = re.findall(r"[a-z0-9]+", text)
    words = [{"st": "saint", "ste": "sainte"}.get(w, w) for w in words]
    return " ".join(words)


class Communes:
    """The territory's communes, found by INSEE code, then postcode and name, then name alone."""

    def __init__(self, territory: Territory):
        self.all = list(Commune.objects.in_territory(territory).prefetch_related("neighbourhoods"))
        self.by_insee = {c.insee_code: c for c in self.all}
        self.by_name: dict[str, list[Commune]] = {}
        self.by_postcode: dict[str, list[Commune]] = {}
        for c in self.all:
            self.by_name.setdefault(commune_name(c.name), []).append(c)
            for code in (c.postal_codes or "").split():
                self.by_postcode.setdefault(code, []).append(c)

    def find(self, insee: str, postcode: str, name: str) -> Commune | None:
        insee, postcode, name = _insee(insee), (postcode or "").strip()[:5], commune_name(name)
        if insee:
            return self.by_insee.get(insee)
        named = self.by_name.get(name, []) if name else []
        if postcode:
            in_postcode = self.by_postcode.get(postcode, [])
            both = [c for c in named if c in in_postcode]
            if both:
                return both[0]
            if not name and len(in_postcode) == 1:
                return in_postcode[0]
            if name and not named:
                return None
        return named[0] if len(named) == 1 else None


# Checking rows ------------------------------------------------------------------------------------


class _SharedFields(dict):
    """A file's rows are only checked by their forms, never rendered: the forms share their fields
    instead of copying about twenty of them (with their choices) for every row."""

    def __deepcopy__(self, memo):
        return self


def _database_checks_constraints(instance) -> None:
    """Checking a model's constraints costs a query each (five per entry); a file's rows are checked
    by the same rules in `clean()`, and the database enforces the constraints when the file is written."""
    instance.validate_constraints = lambda exclude=None: None


class _RowForm(InitiativeForm):
    """The entry form without its database look-ups: commune, neighbourhood and themes come resolved."""

    opening_hours = forms.CharField(required=False, max_length=300)
    geocode = False

    class Meta(InitiativeForm.Meta):
        fields = [
            f for f in InitiativeForm.Meta.fields if f not in {"commune", "neighbourhood", "categories"}
        ]

    def __init__(self, data, *, instance):
        forms.ModelForm.__init__(self, data, instance=instance)
        _database_checks_constraints(instance)

    def validate_unique(self):
        """The constraints are the database's, checked when the file is written (in one transaction)."""


_RowForm.base_fields = _SharedFields(_RowForm.base_fields)


class _ServiceRowForm(ServiceForm):
    class Meta(ServiceForm.Meta):
        fields = ["name", "description", "service_type", "fee"]

    def __init__(self, data, *, instance):
        forms.ModelForm.__init__(self, data, instance=instance)
        _database_checks_constraints(instance)

    def validate_unique(self):
        pass


_ServiceRowForm.base_fields = _SharedFields(_ServiceRowForm.base_fields)


def _errors(form) -> list[str]:
    return [
        f"{form.fields[name].label if name in form.fields else ''}{_(':')} {' '.join(errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    ]


def _text(value) -> str:
    return "" if value is None else (value if isinstance(value, str) else _cell(value)).strip()


def _first(value) -> str:
    """A data·inclusion code given as a string or a list of strings (the first one)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return _text(value)


def _description(*candidates, name: str, source: str) -> str:
    for text in candidates:
        if text and len(text.strip()) >= 5:
            return text.strip()[:2000]
    if len(name) >= 5:
        return name
    return _("%(name)s (from %(source)s)") % {"name": name, "source": source or _("an imported file")}


@dataclass
class Pending:
    """A checked row, waiting to be written with the others."""

    report: RowReport
    initiative: Initiative | None = None
    categories: list[int] = field(default_factory=list)
    services: list[tuple[Service, list[int]]] = field(default_factory=list)
    duplicate_of: "Pending | None" = None


class Importer:
    """Structures: our CSV, spreadsheets, data·inclusion structures (v1, v0)."""

    def __init__(self, territory: Territory, user: User | None, commune_ids: set[int] | None = None):
        self.territory = territory
        self.user = user
        self.commune_ids = commune_ids  # the communes the importer looks after; None: all
        self.communes = Communes(territory)
        self.categories = list(Category.objects.in_territory(territory))
        self.category_names = {c.pk: c.name for c in self.categories}
        existing = Initiative.objects.in_territory(territory).values_list("pk", "name", "commune_id", "slug")
        self.known: dict[tuple[str, int], int | Pending] = {}
        self.slugs: set[str] = set()
        for pk, name, commune_id, slug in existing:
            self.known.setdefault((normalize(name), commune_id), pk)
            self.slugs.add(slug)
        self.kinds = _labels(InitiativeKind.choices)
        self.audiences = {**_labels(Audience.choices), **_referential("publics")}
        self.statuses = {**_labels(InitiativeStatus.choices), "actif": "active", "en sommeil": "dormant"}
        self.types = {**_labels(ServiceType.choices), **_referential("types-de-services")}
        self.fees = {**_labels(Fee.choices), **_referential("frais")}
        self.outside: Counter = Counter()
        self.not_mine: Counter = Counter()
        self.unknown: Counter = Counter()
        self.invalid: Counter = Counter()
        self.phones = 0

    # Rows in our columns (CSV export, spreadsheets) and data·inclusion records become the same thing.

    def _categories(self, value: str, report: RowReport) -> list[int]:
        pks = []
        tokens = value if isinstance(value, list) else re.split(r"[|;,]", value or "")
        for token in [t.strip() for t in tokens if t and t.strip()]:
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

    def structure_row(self, item: dict, notes: list[str]) -> tuple[dict, dict]:
        """Our columns for a data·inclusion structure, and its record as kept."""
        record = di_record(item, STRUCTURES, self.unknown, self.invalid, notes)
        name = _text(record.get("nom"))[:150]
        networks = set(record.get("reseaux_porteurs") or [])
        public = networks & PUBLIC_NETWORKS or _text(record.get("typologie")) in PUBLIC_TYPOLOGIES
        row = {
            "name": name,
            "kind": InitiativeKind.PUBLIC_SERVICE if public else InitiativeKind.ASSOCIATION,
            "description": _description(
                _text(record.get("description")),
                _text(record.get("presentation_detail")),
                _text(record.get("presentation_resume")),
                name=name,
                source=_text(record.get("source")),
            ),
            "themes": record.get("thematiques") or [],
            "commune_insee": _text(record.get("code_insee")),
            "commune": _text(record.get("commune")),
            "address": _text(record.get("adresse")),
            "postal_code": _text(record.get("code_postal")),
            "latitude": record.get("latitude"),
            "longitude": record.get("longitude"),
            "opening_hours": _text(record.get("horaires_accueil") or record.get("horaires_ouverture"))[:300],
            "phone": _text(record.get("telephone")),
            "email": _text(record.get("courriel")),
            "website": _text(record.get("site_web")),
            "last_checked_on": _text(record.get("date_maj")),
            "id": _text(record.get("id")),
        }
        row["has_public_place"] = "oui" if row["address"] or row["latitude"] is not None else "non"
        return row, record

    def check(self, index: int, item: dict, di: bool) -> Pending:
        notes: list[str] = []
        if di:
            row, record = self.structure_row(item, notes)
        else:
            row, record = item, None
        report = RowReport(row=index, name=_text(row.get("name")).replace("\x00", "")[:150], messages=notes)
        pending = Pending(report)
        nul = next((c for c, v in row.items() if isinstance(v, str) and "\x00" in v), None)
        if nul is not None:  # PostgreSQL stores no NUL: say which cell, not a server error
            report.messages.append(
                _("The “%(column)s” cell holds an invisible character (NUL): remove it and import again.")
                % {"column": nul}
            )
            return pending
        commune = self.communes.find(
            row.get("commune_insee", ""), row.get("postal_code", ""), row.get("commune", "")
        )
        if commune is None:
            where = row.get("commune") or row.get("commune_insee") or row.get("postal_code") or "?"
            if row.get("commune_insee") or row.get("postal_code") or di:
                self.outside[where] += 1
                report.outcome = "outside"
            else:
                report.messages.append(
                    _("Commune “%(commune)s” is not part of this territory.") % {"commune": where}
                )
            return pending
        if self.commune_ids is not None and commune.pk not in self.commune_ids:
            self.not_mine[commune.name] += 1
            report.outcome = "outside"
            return pending
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
        try:
            latitude, longitude = coordinate(row.get("latitude")), coordinate(row.get("longitude"))
        except ValueError as error:
            report.messages.append(
                _("The coordinate “%(value)s” is not a number: the entry is kept without its map point.")
                % {"value": error.args[0]}
            )
            latitude = longitude = None
        if (latitude is None) != (longitude is None):
            report.messages.append(
                _("Only one coordinate was given: the entry is kept without its map point.")
            )
            latitude = longitude = None
        if latitude is not None and not in_france(float(latitude), float(longitude)):
            report.messages.append(
                _("The coordinates %(lat)s, %(lon)s are not in France: the entry is kept without its point.")
                % {"lat": row.get("latitude"), "lon": row.get("longitude")}
            )
            latitude = longitude = None
        has_place = _text(row.get("has_public_place")).lower() in TRUE_WORDS or bool(
            row.get("address") or latitude is not None
        )
        phone_number = phone(_text(row.get("phone")), report.messages)
        self.phones += phone_number != _text(row.get("phone"))
        data = {
            "name": _text(row.get("name")),
            "kind": coded(_text(row.get("kind")), self.kinds) or InitiativeKind.ASSOCIATION,
            "description": _text(row.get("description")),
            "audience": coded(_text(row.get("audience")), self.audiences) or Audience.EVERYONE,
            "audience_note": _text(row.get("audience_note")),
            "has_public_place": "on" if has_place else "",
            "address": _text(row.get("address")) if has_place else "",
            "postal_code": _text(row.get("postal_code"))[:5],
            "latitude": "" if latitude is None else str(latitude),
            "longitude": "" if longitude is None else str(longitude),
            "opening_hours": _text(row.get("opening_hours")),
            "contact_phone": phone_number,
            "contact_email": _text(row.get("email")),
            "website": _text(row.get("website")),
            "links": "\n".join(t.strip() for t in _text(row.get("links")).split("|") if t.strip()),
            "status": coded(_text(row.get("status")), self.statuses) or InitiativeStatus.ACTIVE,
        }
        instance = Initiative(territory=self.territory, commune=commune, neighbourhood=neighbourhood)
        form = _RowForm(data, instance=instance)
        categories = self._categories(row.get("themes") or "", report)
        services = [] if di else self._services(_text(row.get("services")), report)
        if not form.is_valid():
            report.messages += _errors(form)
            return pending
        for service_form in services:
            if not service_form[0].is_valid():
                report.messages += _errors(service_form[0])
                return pending
        initiative = form.save(commit=False)
        initiative.external_id = _text(row.get("id"))[:200]
        initiative.proposed_by = self.user
        if row.get("last_checked_on"):
            with contextlib.suppress(ValueError):
                initiative.last_checked_on = datetime.date.fromisoformat(_text(row["last_checked_on"])[:10])
        initiative.prepare_for_save()
        initiative.updated_at = timezone.now()
        names = [self.category_names[pk] for pk in categories]
        initiative.search_text = initiative.search_words(names)
        if record is not None:
            initiative.source_record = {"record": record, "as_read": exports.structure_data(initiative, None)}
        pending.initiative = initiative
        pending.categories = categories
        pending.services = [
            (service_form.save(commit=False), service_categories)
            for service_form, service_categories in services
        ]
        key = (normalize(initiative.name), commune.pk)
        if key in self.known:
            existing = self.known[key]
            initiative.publication = Publication.PROPOSED
            if isinstance(existing, Pending):
                pending.duplicate_of = existing
            else:
                initiative.duplicate_of_id = existing
            report.outcome = "duplicate"
            report.messages.append(
                _("An entry with the same name already exists in this commune: proposed to the referent.")
            )
        else:
            initiative.publication = Publication.PUBLISHED
            report.outcome = "created"
            self.known[key] = pending
        return pending

    def _services(self, value: str, report: RowReport) -> list[tuple[ServiceForm, list[int]]]:
        if not value:
            return []
        try:
            items = json.loads(value)
            assert isinstance(items, list)
        except (ValueError, AssertionError, RecursionError):
            report.messages.append(_("The services column could not be read: services ignored."))
            return []
        slugs = {c.slug: c.pk for c in self.categories}
        forms_ = []
        for item in items:
            if not isinstance(item, dict):
                continue
            data = {
                "name": _text(item.get("name")),
                "description": _text(item.get("description")),
                "service_type": coded(_text(item.get("type")), self.types),
                "fee": coded(_text(item.get("fee")), self.fees),
            }
            themes = [slugs[s] for s in item.get("themes", []) if s in slugs]
            forms_.append((_ServiceRowForm(data, instance=Service()), themes))
        return forms_

    def unique_slug(self, name: str) -> str:
        from django.utils.text import slugify

        base = (slugify(name) or "initiative")[:70].strip("-") or "initiative"
        if base in RESERVED_SLUGS:
            base = f"{base}-initiative"
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    def write(self, pendings: list[Pending], batch: ImportBatch) -> None:
        """Every checked row in a few bulk queries (the caller holds the transaction)."""
        ready = [p for p in pendings if p.initiative is not None]
        for p in ready:
            p.initiative.slug = self.unique_slug(p.initiative.name)
            p.initiative.import_batch = batch
        first = [p for p in ready if p.duplicate_of is None]
        Initiative.objects.bulk_create([p.initiative for p in first], batch_size=500)
        later = [p for p in ready if p.duplicate_of is not None]
        for p in later:
            p.initiative.duplicate_of_id = p.duplicate_of.initiative.pk
        Initiative.objects.bulk_create([p.initiative for p in later], batch_size=500)
        through = Initiative.categories.through
        through.objects.bulk_create(
            [through(initiative_id=p.initiative.pk, category_id=pk) for p in ready for pk in p.categories],
            batch_size=1000,
        )
        services = []
        for p in ready:
            for service, _categories in p.services:
                service.initiative = p.initiative
                service.import_batch = batch
                services.append(service)
        Service.objects.bulk_create(services, batch_size=500)
        service_through = Service.categories.through
        service_through.objects.bulk_create(
            [
                service_through(service_id=service.pk, category_id=pk)
                for p in ready
                for service, categories in p.services
                for pk in categories
            ],
            batch_size=1000,
        )

    def summary(self) -> list[str]:
        return _summary(self)


def _names(counter: Counter, limit: int = 5) -> str:
    names = [name for name, _count in counter.most_common(limit)]
    rest = len(counter) - len(names)
    text = ", ".join(names)
    if rest > 0:
        text += " " + _("and %(n)s others") % {"n": rest}
    return text


def _summary(importer) -> list[str]:
    lines = []
    if importer.outside:
        count = sum(importer.outside.values())
        lines.append(
            ngettext(
                "%(count)s row is about a commune outside this territory (%(names)s): left out.",
                "%(count)s rows are about communes outside this territory (%(names)s): left out.",
                count,
            )
            % {"count": count, "names": _names(importer.outside)}
        )
    if importer.not_mine:
        count = sum(importer.not_mine.values())
        lines.append(
            ngettext(
                "%(count)s row is about a commune you do not look after (%(names)s): left out.",
                "%(count)s rows are about communes you do not look after (%(names)s): left out.",
                count,
            )
            % {"count": count, "names": _names(importer.not_mine)}
        )
    if importer.unknown:
        lines.append(
            _("Columns this site does not know, left out: %(columns)s.")
            % {"columns": ", ".join(f"“{name}”" for name in sorted(importer.unknown))}
        )
    if importer.invalid:
        lines.append(
            _("Values not valid in the data·inclusion schema, left out: %(fields)s.")
            % {"fields": ", ".join(f"{name} ({count})" for name, count in sorted(importer.invalid.items()))}
        )
    if importer.phones:
        lines.append(
            ngettext(
                "%(count)s phone number had lost its leading 0: it was put back.",
                "%(count)s phone numbers had lost their leading 0: it was put back.",
                importer.phones,
            )
            % {"count": importer.phones}
        )
    return lines


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
        self.types = {**_labels(ServiceType.choices), **_referential("types-de-services")}
        self.fees = {**_labels(Fee.choices), **_referential("frais")}
        self.outside: Counter = Counter()
        self.not_mine: Counter = Counter()
        self.unknown: Counter = Counter()
        self.invalid: Counter = Counter()
        self.phones = 0
        self.initiative_categories: dict[int, list] = {}

    def load(self, rows: list[dict]) -> None:
        """Three queries for the whole file: the entries it names, their themes, their services' names."""
        wanted = {_text(row.get("structure_id")) for row in rows} - {""}
        prefix = f"{exports.source_id(self.territory)}--"
        own_ids = set()
        for value in wanted:
            if value.startswith(prefix):
                with contextlib.suppress(ValueError):
                    own_ids.add(uuid.UUID(value[len(prefix) :]))
        # The published entry first, then the most recent: a possible duplicate never takes the services.
        candidates = (
            Initiative.objects.in_territory(self.territory)
            .filter(Q(external_id__in=wanted) | Q(public_id__in=own_ids))
            .select_related("commune", "territory")
            .prefetch_related("categories")
            .order_by("-publication", F("duplicate_of").asc(nulls_first=True), "-created_at")
        )
        for initiative in candidates:
            self.initiative_categories[initiative.pk] = list(initiative.categories.all())
            for key in (initiative.external_id, f"{prefix}{initiative.public_id}"):
                if key in wanted:
                    self.structures.setdefault(key, initiative)
        self.existing = {
            (initiative_id, normalize(name))
            for initiative_id, name in Service.objects.filter(
                initiative__in=[i.pk for i in self.structures.values()]
            ).values_list("initiative_id", "name")
        }

    def _categories(self, codes, report: RowReport) -> tuple[list[int], list]:
        found_categories = []
        for code in codes if isinstance(codes, list) else []:
            found = [c for c in self.categories if code in (c.di_thematiques or [])]
            if found:
                found_categories += found
            else:
                report.messages.append(
                    _("Theme “%(theme)s” is not used in this territory: kept for the export only.")
                    % {"theme": code}
                )
        unique = {c.pk: c for c in found_categories}
        return sorted(unique), list(unique.values())

    def _code(self, value, table: dict, choices, label: str, report: RowReport) -> str:
        code = coded(_first(value), table)
        if code and code not in choices:
            report.messages.append(
                _("Unknown %(field)s “%(value)s”: left empty.") % {"field": label, "value": code}
            )
            return ""
        return code

    def check(self, index: int, item: dict, di: bool = True) -> Pending:
        notes: list[str] = []
        record = di_record(item, SERVICES, self.unknown, self.invalid, notes)
        name = _text(record.get("nom") or item.get("nom"))
        report = RowReport(row=index, name=name[:150], messages=notes)
        pending = Pending(report)
        structure_key = _text(item.get("structure_id"))
        initiative = self.structures.get(structure_key)
        if initiative is None:
            report.messages.append(
                _("No entry of the directory has the identifier “%(id)s”: import its structure first.")
                % {"id": structure_key or "?"}
            )
            return pending
        if self.commune_ids is not None and initiative.commune_id not in self.commune_ids:
            self.not_mine[initiative.commune.name] += 1
            report.outcome = "outside"
            return pending
        key = (initiative.pk, normalize(name))
        if name and key in self.existing:
            report.outcome = "duplicate"
            report.messages.append(
                _("“%(initiative)s” already has a service with this name: left unchanged.")
                % {"initiative": initiative.name}
            )
            return pending
        data = {
            "name": name[:150],
            "description": _description(
                _text(record.get("description")),
                _text(item.get("presentation_detail")),
                _text(item.get("presentation_resume")),
                name=name,
                source=_text(record.get("source")),
            ),
            "service_type": self._code(
                record.get("type", item.get("types")), self.types, ServiceType.values, _("type"), report
            ),
            "fee": self._code(record.get("frais"), self.fees, Fee.values, _("cost"), report),
        }
        form = _ServiceRowForm(data, instance=Service(initiative=initiative))
        categories, category_objects = self._categories(record.get("thematiques"), report)
        if not form.is_valid():
            report.messages += _errors(form)
            return pending
        service = form.save(commit=False)
        service.external_id = _text(record.get("id"))[:200]
        service.updated_at = timezone.now()
        as_read = exports.service_data(
            service, initiative, category_objects, self.initiative_categories.get(initiative.pk, []), None
        )
        service.source_record = {"record": record, "as_read": as_read}
        pending.services = [(service, categories)]
        self.existing.add(key)
        report.outcome = "created"
        report.messages.insert(0, _("Added to “%(initiative)s”.") % {"initiative": initiative.name})
        return pending

    def write(self, pendings: list[Pending], batch: ImportBatch) -> None:
        services = []
        for p in pendings:
            for service, _categories in p.services:
                service.import_batch = batch
                services.append(service)
        Service.objects.bulk_create(services, batch_size=500)
        through = Service.categories.through
        through.objects.bulk_create(
            [
                through(service_id=s.pk, category_id=pk)
                for p in pendings
                for s, cats in p.services
                for pk in cats
            ],
            batch_size=1000,
        )

    def summary(self) -> list[str]:
        return _summary(self)


# The whole file -----------------------------------------------------------------------------------


def progress_key(key) -> str:
    return f"directory-import-progress:{key}"


def set_progress(key, done: int, total: int, phase: str) -> None:
    if key:
        django_cache.set(progress_key(key), {"done": done, "total": total, "phase": phase}, timeout=3600)


def get_progress(key) -> dict | None:
    return django_cache.get(progress_key(key))


def import_file(
    *,
    territory: Territory,
    user: User | None,
    filename: str,
    raw: bytes,
    commune_ids: set[int] | None = None,
    progress: uuid.UUID | str | None = None,
) -> ImportBatch:
    """Import a file: rows checked one by one, the valid ones written in one transaction; all reported."""
    batch = ImportBatch.objects.create(
        territory=territory, created_by=user, filename=filename[:200], file_format="?"
    )
    set_progress(progress, 0, 0, "reading")
    try:
        file_format, encoding, rows = read_table(raw)
    except Unreadable:
        message = _(
            "This file could not be read: it is neither a spreadsheet (xlsx, ods, xls, CSV) nor JSON."
        )
        batch.report = [RowReport(0, "", "error", [message]).as_dict()]
        batch.counts = {"error": 1}
        batch.save(update_fields=["report", "counts"])
        set_progress(progress, 0, 0, "done")
        return batch
    kind = classify(rows)
    batch.encoding = encoding
    batch.file_format = (
        kind if file_format == "JSON" else file_format if kind == "csv" else f"{kind} ({file_format})"
    )
    if kind == SERVICES:
        importer = ServiceImporter(territory, user, commune_ids)
        importer.load(rows[:MAX_ROWS])
    else:
        importer = Importer(territory, user, commune_ids)
        if kind == "csv":
            for header in rows[0] if rows else {}:
                if _column(header) is None:
                    importer.unknown[header] += 1
    total = min(len(rows), MAX_ROWS)
    pendings: list[Pending] = []
    for index, row in enumerate(rows[:MAX_ROWS], start=1):
        try:
            item = row if kind != "csv" else _ours(row)
            pendings.append(importer.check(index, item, kind != "csv"))
        except Exception:  # one broken row never stops the others
            logger.exception("Import of row %s failed", index)
            name = _text(row.get("name") or row.get("nom") or row.get("Nom"))[:150]
            pendings.append(Pending(RowReport(index, name, "error", [_("This row could not be imported.")])))
        if index % PROGRESS_EVERY == 0:
            set_progress(progress, index, total, "checking")
    set_progress(progress, total, total, "writing")
    summary = importer.summary()
    if len(rows) > MAX_ROWS:
        summary.append(_("Only the first %(n)s rows were read.") % {"n": MAX_ROWS})
    reports = [p.report for p in pendings]
    try:
        with transaction.atomic():
            importer.write(pendings, batch)
    except Exception:
        logger.exception("Import %s could not be written", batch.public_id)
        summary.insert(0, _("Nothing was imported: the file could not be written. No row was added."))
        for report in reports:
            if report.outcome in {"created", "duplicate"}:
                report.outcome = "error"
                report.messages.append(_("Not added: nothing of this file was imported."))
    counts = Counter(r.outcome for r in reports)
    batch.report = [r.as_dict() for r in reports if r.outcome != "outside"]
    batch.summary = summary
    batch.counts = dict(counts)
    kept = {"created"} if kind == SERVICES else {"created", "duplicate"}
    batch.created_count = sum(counts[k] for k in kept)
    batch.save(update_fields=["report", "summary", "counts", "created_count", "file_format", "encoding"])
    set_progress(progress, total, total, "done")
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
