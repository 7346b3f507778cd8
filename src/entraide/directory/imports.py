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
from .enums import (
    Audience,
    CorrectionState,
    Fee,
    InitiativeKind,
    InitiativeStatus,
    Publication,
    ServiceType,
)
from .exports import CSV_COLUMNS
from .forms import InitiativeForm, ServiceForm
from .models import Correction, ImportBatch, Initiative, Service, in_france
from .services import RESERVED_SLUGS

logger = logging.getLogger(__name__)

MAX_ROWS = 20_000
BATCH_SIZE = 500  # rows a bulk INSERT or UPDATE sends at once
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
    # created, duplicate (a possible duplicate proposed), updated, proposed (a correction), unchanged,
    # error, outside (summarised, not listed)
    outcome: str = "error"
    messages: list[str] = field(default_factory=list)
    # What `undo` puts back: the entries and services as they were before this row updated them,
    # the corrections it proposed.
    before: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = {"row": self.row, "name": self.name, "outcome": self.outcome, "messages": self.messages}
        if self.before:
            data["before"] = self.before
        return data


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
    # An entry already in the directory this row is about: its pk, and how it was found ("id", "name").
    match: int | None = None
    match_by: str = ""
    given: tuple[str, ...] = ()  # the entry's fields this row gives (a data·inclusion row has no audience)
    record: dict | None = None  # the data·inclusion record it came with
    di: bool = False  # a data·inclusion record (not a row of our columns)
    dated: bool = False  # whether it gives the date it was last checked


# The entry's fields (as the entry form names them) each of our columns gives.
COLUMN_FIELDS = {
    "name": "name",
    "kind": "kind",
    "description": "description",
    "themes": "categories",
    "audience": "audience",
    "audience_note": "audience_note",
    "commune_insee": "commune",
    "commune": "commune",
    "neighbourhood": "neighbourhood",
    "has_public_place": "has_public_place",
    "address": "address",
    "postal_code": "postal_code",
    "latitude": "latitude",
    "longitude": "longitude",
    "opening_hours": "opening_hours",
    "phone": "contact_phone",
    "email": "contact_email",
    "website": "website",
    "links": "links",
    "status": "status",
}
# Those a data·inclusion structure always gives (the kind and themes when it names them).
DI_GIVES = (
    "name",
    "description",
    "commune",
    "has_public_place",
    "address",
    "postal_code",
    "latitude",
    "longitude",
    "opening_hours",
    "contact_phone",
    "contact_email",
    "website",
)
# What `structure_data` compares to tell whether an entry was changed here since it was imported.
NOT_COMPARED = {"date_maj", "lien_source"}
# A service's own fields (`service_data` repeats its entry's phone, place, hours and audience).
SERVICE_OWN = ("nom", "description", "type", "frais", "thematiques")


def _state(initiative: Initiative, categories: Iterable[int], fields: Iterable[str]) -> dict:
    values = {}
    for name in fields:
        if name == "categories":
            values[name] = sorted(categories)
        elif name in {"commune", "neighbourhood"}:
            values[name] = getattr(initiative, f"{name}_id")
        else:
            values[name] = getattr(initiative, name)
    return values


# The data·inclusion fields each of the entry's fields is read from.
SOURCE_KEYS = {
    "name": ("nom",),
    "description": ("description", "presentation_resume", "presentation_detail"),
    "commune": ("code_insee", "commune", "code_postal"),
    "has_public_place": ("adresse", "latitude", "longitude"),
    "address": ("adresse",),
    "postal_code": ("code_postal",),
    "latitude": ("latitude",),
    "longitude": ("longitude",),
    "opening_hours": ("horaires_accueil", "horaires_ouverture"),
    "contact_phone": ("telephone",),
    "contact_email": ("courriel",),
    "website": ("site_web",),
    "kind": ("reseaux_porteurs", "typologie"),
    "categories": ("thematiques",),
}


def _said(name: str, record: dict) -> bool:
    return any(record.get(key) not in (None, "", []) for key in SOURCE_KEYS.get(name, ()))


def _changed_at_source(name: str, before: dict, after: dict) -> bool:
    return any(before.get(key) != after.get(key) for key in SOURCE_KEYS.get(name, ()))


def _correction_data(new: dict, changed: list[str]) -> dict[str, list[str]]:
    """A correction's data as the entry form's fields carry it (`services.form_data`)."""
    data = {}
    for name in changed:
        value = new[name]
        if name == "categories":
            data[name] = [str(pk) for pk in value]
        elif name == "has_public_place":
            data[name] = ["on"] if value else []
        elif value is None:
            data[name] = []
        else:
            data[name] = [str(value)]
    return data


def _untouched(ours: dict, source_record: dict) -> bool:
    """Whether an imported entry (or service) is still as it was read: nobody changed it here since."""
    as_read = (source_record or {}).get("as_read")
    if not as_read:
        return False
    return all(as_read.get(k) == v for k, v in ours.items() if k not in NOT_COMPARED)


def _service_state(service: Service, categories: Iterable[int], record: dict | None = None) -> tuple:
    record = record if record is not None else (service.source_record or {}).get("record")
    return (service.name, service.description, service.service_type, service.fee, sorted(categories), record)


def _same_record(a: dict | None, b: dict | None) -> bool:
    """Two records alike but for `lien_source` (our export fills it with the entry's page)."""
    if a is None or b is None:
        return a == b
    return {k: v for k, v in a.items() if k != "lien_source"} == {
        k: v for k, v in b.items() if k != "lien_source"
    }


ENTRY_FIELDS = [
    "name",
    "kind",
    "description",
    "audience",
    "audience_note",
    "commune",
    "neighbourhood",
    "has_public_place",
    "address",
    "postal_code",
    "latitude",
    "longitude",
    "opening_hours",
    "opening_hours_ok",
    "contact_phone",
    "contact_email",
    "website",
    "links",
    "status",
    "last_checked_on",
    "external_id",
    "source_record",
    "search_text",
    "updated_at",
]
SERVICE_FIELDS = ["name", "description", "service_type", "fee", "external_id", "source_record", "updated_at"]


def _snapshot(obj, fields: list[str], categories: Iterable[int] | None = None) -> dict:
    """An entry or a service as it is, in JSON, for `undo` to put back."""
    values = {}
    for name in fields:
        value = getattr(obj, obj._meta.get_field(name).attname)
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, datetime.date):  # dates and datetimes
            value = value.isoformat()
        values[name] = value
    snapshot = {"model": obj._meta.model_name, "pk": obj.pk, "fields": values}
    if categories is not None:
        snapshot["categories"] = sorted(categories)
    return snapshot


def _put_back(snapshots: list[dict]) -> None:
    """Entries and services as `_snapshot` kept them; the corrections an import proposed, withdrawn."""
    Correction.objects.filter(
        pk__in=[s["pk"] for s in snapshots if s["model"] == "correction"], state=CorrectionState.PENDING
    ).delete()
    for model in (Initiative, Service):
        kept = {s["pk"]: s for s in snapshots if s["model"] == model._meta.model_name}
        objects = list(model.objects.filter(pk__in=list(kept)))
        names: set[str] = set()
        for obj in objects:
            for name, value in kept[obj.pk]["fields"].items():
                model_field = model._meta.get_field(name)
                setattr(obj, model_field.attname, None if value is None else model_field.to_python(value))
                names.add(name)
        if objects:
            model.objects.bulk_update(objects, sorted(names), batch_size=BATCH_SIZE)
        _set_categories(model, [(o, kept[o.pk]["categories"]) for o in objects if "categories" in kept[o.pk]])


def _insert(model, items: list[tuple], batch: ImportBatch) -> None:
    """The one bulk insert of the importers: entries or services in batches, then their themes."""
    for obj, *_rest in items:
        obj.import_batch = batch
    model.objects.bulk_create([obj for obj, *_rest in items], batch_size=BATCH_SIZE)
    through = model.categories.through
    column = f"{model._meta.model_name}_id"
    through.objects.bulk_create(
        [
            through(**{column: obj.pk, "category_id": pk})
            for obj, categories, *_rest in items
            for pk in categories
        ],
        batch_size=BATCH_SIZE * 2,
    )


def _set_categories(model, items: list[tuple]) -> None:
    """Replace the themes of saved entries or services: one DELETE, then one bulk INSERT."""
    if not items:
        return
    through = model.categories.through
    column = f"{model._meta.model_name}_id"
    through.objects.filter(**{f"{column}__in": [obj.pk for obj, _categories in items]}).delete()
    through.objects.bulk_create(
        [through(**{column: obj.pk, "category_id": pk}) for obj, categories in items for pk in categories],
        batch_size=BATCH_SIZE * 2,
    )


class Importer:
    """Structures: our CSV, spreadsheets, data·inclusion structures (v1, v0)."""

    def __init__(self, territory: Territory, user: User | None, commune_ids: set[int] | None = None):
        self.territory = territory
        self.user = user
        self.commune_ids = commune_ids  # the communes the importer looks after; None: all
        self.communes = Communes(territory)
        self.categories = list(Category.objects.in_territory(territory))
        self.category_names = {c.pk: c.name for c in self.categories}
        # One query for the whole territory: the keys a row is matched by, never the entries themselves.
        existing = (
            Initiative.objects.in_territory(territory)
            .order_by("-publication", "created_at")  # the published entry first
            .values_list(
                "pk",
                "public_id",
                "name",
                "commune_id",
                "slug",
                "external_id",
                "source_record__record",
                "duplicate_of_id",
            )
        )
        self.known: dict[tuple[str, int], int | Pending] = {}  # (normalised name, commune) → entry
        self.by_id: dict[tuple[str, str], int | Pending] = {}  # (source, identifier at the source) → entry
        self.by_external: dict[str, int | None] = {}  # identifier alone (None: several sources have it)
        self.by_public_id: dict[str, int] = {}  # the identifier our own exports give
        self.records: dict[int, tuple[dict, int]] = {}  # an imported entry's record, and its commune
        self.slugs: set[str] = set()
        for pk, public_id, name, commune_id, slug, external_id, record, duplicate_of in existing:
            self.slugs.add(slug)
            if duplicate_of is not None:  # a possible duplicate waiting for review is never the entry
                continue
            self.known.setdefault((normalize(name), commune_id), pk)
            self.by_public_id[str(public_id)] = pk
            if external_id:
                source = _text(record.get("source")) if isinstance(record, dict) else ""
                if isinstance(record, dict):
                    self.records[pk] = (record, commune_id)
                self.by_id.setdefault((source, external_id), pk)
                seen = self.by_external.get(external_id, pk)
                self.by_external[external_id] = pk if seen == pk else None
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
            row, record = item, self._carried_record(item.get("data_inclusion"), STRUCTURES, notes)
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
        if di and self._said_before(record, row):  # the source says what it said last time
            report.outcome = "unchanged"
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
        for service_form, service_categories, service_record in services:
            service = service_form.save(commit=False)
            if service_record is not None:
                service.external_id = _text(service_record.get("id"))[:200]
                service.updated_at = timezone.now()
                service.source_record = {
                    "record": service_record,
                    "as_read": exports.service_data(
                        service,
                        initiative,
                        [c for c in self.categories if c.pk in service_categories],
                        [c for c in self.categories if c.pk in categories],
                        None,
                    ),
                }
            pending.services.append((service, service_categories))
        pending.record, pending.di = record, di
        pending.dated = bool(row.get("last_checked_on"))
        pending.given = self._given(row, record, di)
        source = _text((record or {}).get("source") or row.get("source"))
        identifier = _text(row.get("id"))
        key = (normalize(initiative.name), commune.pk)
        match, match_by = self._match(source, identifier, key)
        if isinstance(match, Pending):  # the same entry twice in one file
            initiative.publication = Publication.PROPOSED
            pending.duplicate_of = match
            report.outcome = "duplicate"
            report.messages.append(
                _("An entry with the same name already exists in this commune: proposed to the referent.")
            )
        elif match is not None:  # compared with it when the file is written (`resolve`)
            pending.match, pending.match_by = match, match_by
            report.outcome = "matched"
        else:
            initiative.publication = Publication.PUBLISHED
            report.outcome = "created"
            self.known[key] = pending
            if identifier:
                self.by_id[(source, identifier)] = pending
        return pending

    def _said_before(self, record: dict, row: dict) -> bool:
        """Whether a data·inclusion row is, to the field, the record its entry was last imported with:
        then nothing is to be done, and the row is not even checked (a national file comes back
        every month mostly unchanged)."""
        match, match_by = self._match(_text(record.get("source")), _text(row.get("id")), ("", 0))
        if match_by != "id" or isinstance(match, Pending) or match not in self.records:
            return False
        kept, commune_id = self.records[match]
        return kept == record and (self.commune_ids is None or commune_id in self.commune_ids)

    def _carried_record(self, cell, kind: str, notes: list[str]) -> dict | None:
        """The data·inclusion record a row of our CSV/xlsx export carries in its `data_inclusion` cell."""
        if isinstance(cell, dict):
            parsed = cell
        else:
            if not _text(cell):
                return None
            try:
                parsed = json.loads(_text(cell))
            except (ValueError, RecursionError):
                parsed = None
        if not isinstance(parsed, dict):
            notes.append(_("The data·inclusion cell could not be read: the row is imported without it."))
            return None
        return di_record(parsed, kind, self.unknown, self.invalid, notes)

    def _given(self, row: dict, record: dict | None, di: bool) -> tuple[str, ...]:
        """The entry's fields a row gives: a data·inclusion record says nothing of the audience."""
        if not di:
            return tuple(dict.fromkeys(COLUMN_FIELDS[c] for c in row if c in COLUMN_FIELDS))
        given = list(DI_GIVES)
        if record and (record.get("reseaux_porteurs") or record.get("typologie")):
            given.append("kind")
        if record and record.get("thematiques"):
            given.append("categories")
        return tuple(given)

    def _match(self, source: str, identifier: str, key: tuple) -> tuple[int | Pending | None, str]:
        """The entry a row is about: by the source's identifier first, then by name and commune."""
        if identifier:
            prefix = f"{exports.source_id(self.territory)}--"
            if identifier.startswith(prefix) and identifier[len(prefix) :] in self.by_public_id:
                return self.by_public_id[identifier[len(prefix) :]], "id"
            found = self.by_id.get((source, identifier))
            if found is None and not source:
                found = self.by_external.get(identifier)
            if found is not None:
                return found, "id"
        found = self.known.get(key)
        return found, ("name" if found is not None else "")

    def _services(self, value: str, report: RowReport) -> list[tuple[ServiceForm, list[int], dict | None]]:
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
            record = self._carried_record(item.get("data_inclusion"), SERVICES, report.messages)
            forms_.append((_ServiceRowForm(data, instance=Service()), themes, record))
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
        self.resolve([p for p in pendings if p.match is not None], batch)
        ready = [p for p in pendings if p.initiative is not None and p.match is None]
        for p in ready:
            p.initiative.slug = self.unique_slug(p.initiative.name)
        first = [p for p in ready if p.duplicate_of is None]
        _insert(Initiative, [(p.initiative, p.categories) for p in first], batch)
        later = [p for p in ready if p.duplicate_of is not None]
        for p in later:
            p.initiative.duplicate_of_id = p.duplicate_of.match or p.duplicate_of.initiative.pk
        _insert(Initiative, [(p.initiative, p.categories) for p in later], batch)
        services = []
        for p in ready:
            for service, categories in p.services:
                service.initiative = p.initiative
                services.append((service, categories))
        _insert(Service, services, batch)

    def resolve(self, matched: list[Pending], batch: ImportBatch) -> None:
        """Rows about entries already here: unchanged, updated in place, or an update proposed.

        An entry imported from the same source (found by the source's identifier) that nobody
        changed here since is updated; any other change becomes a correction the referent applies
        or dismisses on the entry (never a second entry). A row that changes nothing changes nothing.
        A few queries for all the entries a file names, whatever their number.
        """
        if not matched:
            return
        # A data·inclusion structure brings no services: theirs are only read for our CSV's rows.
        wanted = ["services__categories"] if any(p.services for p in matched) else []
        entries = {
            e.pk: e
            for e in Initiative.objects.filter(pk__in={p.match for p in matched})
            .select_related("commune", "neighbourhood")
            .prefetch_related(*wanted)
        }
        themes: dict[int, list[int]] = {}  # from the link table: no queryset per entry
        for initiative_id, category_id in Initiative.categories.through.objects.filter(
            initiative_id__in=list(entries)
        ).values_list("initiative_id", "category_id"):
            themes.setdefault(initiative_id, []).append(category_id)
        proposed: dict[int, list[dict]] = {}
        for initiative_id, data in Correction.objects.filter(
            initiative__in=list(entries), state=CorrectionState.PENDING
        ).values_list("initiative_id", "data"):
            proposed.setdefault(initiative_id, []).append(data)
        updated, corrections, new_services, changed_services = [], [], [], []
        seen: set[int] = set()
        for p in matched:
            entry, report = entries.get(p.match), p.report
            p.initiative, incoming = None, p.initiative
            if entry is None or entry.pk in seen:  # removed meanwhile, or twice in the file
                report.outcome = "error"
                report.messages.append(_("This entry appears twice in the file: only the first row is used."))
                continue
            seen.add(entry.pk)
            entry.territory = self.territory
            if self.commune_ids is not None and entry.commune_id not in self.commune_ids:
                self.not_mine[entry.commune.name] += 1
                report.outcome = "outside"
                continue
            old_categories = themes.get(entry.pk, [])
            new, old = _state(incoming, p.categories, p.given), _state(entry, old_categories, p.given)
            changed = [name for name in p.given if new[name] != old[name]]
            kept = (entry.source_record or {}).get("record")
            record_changed = p.record is not None and p.record != kept
            if record_changed and kept and not p.di:
                # Our CSV carries the record as we export it (`with_source`): unchanged if it is that.
                ours = exports.with_source(exports.structure_data(entry, None), entry.source_record)
                record_changed = not _same_record(p.record, ours)
            if p.di:
                # A field the source leaves empty says nothing (the description is then made from
                # the name), unless it had said something last time.
                changed = [n for n in changed if _said(n, p.record) or (kept and _said(n, kept))]
            if p.di and kept:
                # The source's record is what it said last time: only what it changed since counts,
                # never what was changed here meanwhile.
                changed = [name for name in changed if _changed_at_source(name, kept, p.record)]
            newer = p.dated and incoming.last_checked_on > entry.last_checked_on
            services = self._service_changes(entry, p.services, old_categories)
            if not (changed or record_changed or newer or services):
                report.outcome = "unchanged"
                continue
            ours = exports.structure_data(entry, None)
            if p.match_by == "id" and _untouched(ours, entry.source_record):
                report.before.append(_snapshot(entry, ENTRY_FIELDS, old_categories))
                for name in changed:
                    if name != "categories":
                        setattr(entry, name, getattr(incoming, name))
                if "categories" in changed:
                    entry._new_categories = p.categories
                if newer:
                    entry.last_checked_on = incoming.last_checked_on
                own = f"{exports.source_id(self.territory)}--"
                if not entry.external_id and not incoming.external_id.startswith(own):
                    entry.external_id = incoming.external_id
                entry.prepare_for_save()
                entry.updated_at = timezone.now()
                names = [
                    self.category_names[pk]
                    for pk in (p.categories if "categories" in changed else old_categories)
                    if pk in self.category_names
                ]
                entry.search_text = entry.search_words(names)
                if p.record is not None and (p.di or record_changed or not kept):
                    entry.source_record = {"record": p.record, "as_read": exports.structure_data(entry, None)}
                # Else our own CSV/xlsx came back with its record as we exported it: the record and
                # what it was read as stay, so that the columns changed in the spreadsheet are
                # exported as changed here.
                updated.append(entry)
                for service, categories, existing in services:
                    if existing is None:
                        service.initiative = entry
                        new_services.append((service, categories))
                    else:
                        themes_before = [c.pk for c in existing.categories.all()]
                        report.before.append(_snapshot(existing, SERVICE_FIELDS, themes_before))
                        for attr in ("description", "service_type", "fee", "source_record", "external_id"):
                            setattr(existing, attr, getattr(service, attr))
                        existing.updated_at = timezone.now()
                        changed_services.append((existing, categories))
                report.outcome = "updated"
                report.messages.append(
                    _("Updated from the file: %(fields)s.")
                    % {"fields": self._labels(changed, record_changed, newer, services)}
                )
                continue
            # Changed here since, or found only by its name: the referent decides.
            if kept and record_changed:  # the source's record is kept up to date for the export
                report.before.append(_snapshot(entry, ["source_record"]))
                entry.source_record = {**(entry.source_record or {}), "record": p.record}
                updated.append(entry)
            data = _correction_data(new, changed)
            if not data:
                report.outcome = "unchanged" if not services else "error"
                if services:
                    report.messages.append(
                        _("Its services differ from the entry's: change them on the entry's page.")
                    )
                continue
            if data in proposed.get(entry.pk, []):
                report.outcome = "unchanged"
                report.messages.append(_("This change is already proposed to the referent."))
                continue
            if self.user is None:
                report.outcome = "error"
                report.messages.append(_("The entry was changed here since: not updated."))
                continue
            corrections.append(
                (
                    Correction(
                        initiative=entry,
                        proposed_by=self.user,
                        data=data,
                        changed_fields=list(data),
                        note=(_("From the import of “%(file)s”.") % {"file": batch.filename})[:500],
                    ),
                    report,
                )
            )
            report.outcome = "proposed"
            report.messages.append(
                _("Changes proposed to the referent on “%(name)s”: %(fields)s.")
                % {"name": entry.name, "fields": self._labels(changed, False, False, [])}
            )
        Initiative.objects.bulk_update(updated, ENTRY_FIELDS, batch_size=BATCH_SIZE)
        _set_categories(
            Initiative, [(e, e._new_categories) for e in updated if hasattr(e, "_new_categories")]
        )
        Correction.objects.bulk_create([c for c, _report in corrections], batch_size=BATCH_SIZE)
        for correction, report in corrections:
            report.before.append({"model": "correction", "pk": correction.pk})
        _insert(Service, new_services, batch)
        Service.objects.bulk_update(
            [s for s, _c in changed_services],
            ["description", "service_type", "fee", "source_record", "external_id", "updated_at"],
            batch_size=BATCH_SIZE,
        )
        _set_categories(Service, changed_services)

    def _service_changes(
        self, entry: Initiative, services: list[tuple[Service, list[int]]], entry_categories: list[int]
    ) -> list[tuple]:
        """(service, themes, the entry's service of that name or None): each service of a row that differs."""
        if not services:
            return []
        by_pk = {c.pk: c for c in self.categories}
        mine = {normalize(s.name): s for s in entry.services.all()}
        changes = []
        for service, categories in services:
            existing = mine.get(normalize(service.name))
            if existing is None:
                changes.append((service, categories, None))
                continue
            themes = [c.pk for c in existing.categories.all()]
            record = (existing.source_record or {}).get("record")
            incoming = (service.source_record or {}).get("record")
            if record and incoming:  # our CSV carries the record as we export it
                ours = exports.service_data(
                    existing,
                    entry,
                    [by_pk[pk] for pk in themes if pk in by_pk],
                    [by_pk[pk] for pk in entry_categories if pk in by_pk],
                    None,
                )
                if _same_record(incoming, exports.with_source(ours, existing.source_record)):
                    incoming = record
            if _service_state(existing, themes) != _service_state(service, categories, incoming):
                changes.append((service, categories, existing))
        return changes

    def _labels(self, changed: list[str], record: bool, newer: bool, services: list) -> str:
        labels = [str(Initiative._meta.get_field(name).verbose_name) for name in changed]
        if record and not changed:
            labels.append(_("the data·inclusion record"))
        if newer:
            labels.append(str(Initiative._meta.get_field("last_checked_on").verbose_name))
        if services:
            labels.append(_("services"))
        return ", ".join(labels)

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
        self.existing: set[tuple[int, str]] = set()  # services of this file, by entry and name
        self.by_id: dict[tuple[int, str, str], Service] = {}  # the entries' services, by source and id
        self.by_name: dict[tuple[int, str], Service] = {}  # the entries' services, by normalised name
        self.updates: list[tuple[Service, list[int]]] = []
        self.types = {**_labels(ServiceType.choices), **_referential("types-de-services")}
        self.fees = {**_labels(Fee.choices), **_referential("frais")}
        self.outside: Counter = Counter()
        self.not_mine: Counter = Counter()
        self.unknown: Counter = Counter()
        self.invalid: Counter = Counter()
        self.phones = 0
        self.initiative_categories: dict[int, list] = {}  # entry → its categories
        self.service_categories: dict[int, list[int]] = {}  # an entry's service → its categories' pks

    def load(self, rows: list[dict]) -> None:
        """Four queries for the whole file: the entries it names, their themes, their services and theirs."""
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
            .order_by("-publication", F("duplicate_of").asc(nulls_first=True), "-created_at")
        )
        for initiative in candidates:
            for key in (initiative.external_id, f"{prefix}{initiative.public_id}"):
                if key in wanted:
                    self.structures.setdefault(key, initiative)
        # Themes read from the link tables (values, not a prefetch: thousands of entries cost no
        # queryset each), in terms of the territory's categories already at hand.
        chosen = {i.pk for i in self.structures.values()}
        by_pk = {c.pk: c for c in self.categories}
        for initiative_id, category_id in Initiative.categories.through.objects.filter(
            initiative_id__in=chosen
        ).values_list("initiative_id", "category_id"):
            if category_id in by_pk:
                self.initiative_categories.setdefault(initiative_id, []).append(by_pk[category_id])
        for service_id, category_id in Service.categories.through.objects.filter(
            service__initiative_id__in=chosen
        ).values_list("service_id", "category_id"):
            self.service_categories.setdefault(service_id, []).append(category_id)
        for service in Service.objects.filter(initiative_id__in=chosen):
            record = (service.source_record or {}).get("record") or {}
            if service.external_id:
                source = _text(record.get("source"))
                self.by_id.setdefault((service.initiative_id, source, service.external_id), service)
            self.by_name.setdefault((service.initiative_id, normalize(service.name)), service)

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
            report.messages.append(_("This service appears twice in the file: only the first row is used."))
            return pending
        said = self.by_id.get((initiative.pk, _text(record.get("source")), _text(record.get("id"))[:200]))
        if said is not None and (said.source_record or {}).get("record") == record:
            self.existing.add(key)  # the source says what it said last time: nothing to check
            report.outcome = "unchanged"
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
        self.existing.add(key)
        identifier = (initiative.pk, _text(record.get("source")), service.external_id)
        existing = (self.by_id.get(identifier) if service.external_id else None) or self.by_name.get(key)
        if existing is not None:
            return self._compare(pending, existing, service, categories, initiative)
        pending.services = [(service, categories)]
        report.outcome = "created"
        report.messages.insert(0, _("Added to “%(initiative)s”.") % {"initiative": initiative.name})
        return pending

    def _compare(self, pending, existing: Service, service: Service, categories, initiative) -> Pending:
        """A service the entry already has: unchanged, updated from its source, or left as changed here."""
        report = pending.report
        existing_categories = self.service_categories.get(existing.pk, [])
        kept = (existing.source_record or {}).get("record")
        record = service.source_record["record"]
        same = _service_state(existing, existing_categories) == _service_state(service, categories)
        if same or (kept and kept == record):  # the source says what it said last time
            report.outcome = "unchanged"
            return pending
        initiative_categories = self.initiative_categories.get(initiative.pk, [])
        ours = exports.service_data(
            existing,
            initiative,
            [c for c in self.categories if c.pk in existing_categories],
            initiative_categories,
            None,
        )
        own = {key: ours.get(key) for key in SERVICE_OWN}  # not the entry's phone or hours it repeats
        if not _untouched(own, existing.source_record):
            report.outcome = "unchanged"
            message = (
                _("“%(initiative)s” already has this service, changed here since: left as it is.")
                if kept
                else _("“%(initiative)s” already has a service with this name: left unchanged.")
            )
            report.messages.append(message % {"initiative": initiative.name})
            return pending
        report.before.append(_snapshot(existing, SERVICE_FIELDS, existing_categories))
        for attr in ("name", "description", "service_type", "fee", "external_id", "source_record"):
            setattr(existing, attr, getattr(service, attr))
        existing.updated_at = timezone.now()
        existing.source_record = {
            "record": record,
            "as_read": exports.service_data(
                existing,
                initiative,
                [c for c in self.categories if c.pk in categories],
                initiative_categories,
                None,
            ),
        }
        self.updates.append((existing, categories))
        report.outcome = "updated"
        report.messages.insert(0, _("Updated on “%(initiative)s”.") % {"initiative": initiative.name})
        return pending

    def write(self, pendings: list[Pending], batch: ImportBatch) -> None:
        _insert(Service, [service for p in pendings for service in p.services], batch)
        Service.objects.bulk_update(
            [service for service, _categories in self.updates], SERVICE_FIELDS, batch_size=BATCH_SIZE
        )
        _set_categories(Service, self.updates)

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
            report.before = []  # nothing was written: nothing to put back
            if report.outcome in {"created", "duplicate", "matched", "updated", "proposed", "unchanged"}:
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
    """Delete everything the import created (entries, or services), put back what it updated as it was
    and withdraw the corrections it proposed (those still pending); return how many were removed."""
    _put_back([snapshot for row in batch.report for snapshot in row.get("before", [])])
    services = Service.objects.filter(import_batch=batch)
    created = Initiative.objects.filter(import_batch=batch)
    count = created.count() + services.exclude(initiative__import_batch=batch).count()
    services.delete()
    created.delete()
    batch.undone_at = timezone.now()
    batch.save(update_fields=["undone_at"])
    return count
