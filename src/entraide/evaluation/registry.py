"""Where the evaluation gets its figures: every app contributes its own.

The contract (docs/evaluation.md): an app that has something to count has a `figures.py`
module with a list

    from entraide.evaluation.registry import Figure
    FIGURES = [Figure(key="lending_loans", label=_("Loans"), module=_("Lending"), compute=loans)]

where `loans(territory, start, end)` returns an iterable of dicts

    {"commune_id": int | None, "month": date (first day), "value": int, "people": int}

computed by ONE aggregate query in the database (`values(...).annotate(...)` with
`TruncMonth`), never by loading rows into Python. `people` is how many distinct people are
behind the value: the evaluation never shows a cell under MIN_PEOPLE people (`visible()`).
The evaluation finds those modules with `entraide.core.discovery.app_modules("figures")`;
nothing is registered by hand, and a new module adds a source rather than editing the page.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import DateField
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise

from entraide.core.discovery import app_modules

# A figure cell counting fewer people than this is hidden (statistical secrecy, as INSEE does).
MIN_PEOPLE = 5


@dataclass(frozen=True)
class Figure:
    key: str
    label: str | Promise
    module: str | Promise
    compute: Callable[..., Iterable[dict]]
    description: str | Promise = ""
    every: int = 1  # months between two points: 6 for the questionnaire's waves
    share: bool = False  # the value is a part of `people` (e.g. isolated among those who answered)

    def rows(self, territory, start: datetime.date, end: datetime.date) -> list[dict]:
        """The figure's cells between start and end (inclusive), each with a `month` date."""
        rows = []
        for row in self.compute(territory, start, end):
            month = row["month"]
            if isinstance(month, datetime.datetime):
                month = month.date()
            rows.append(
                {
                    "commune_id": row.get("commune_id"),
                    "month": month.replace(day=1) if month else None,
                    "value": int(row.get("value") or 0),
                    "people": int(row.get("people") or 0),
                }
            )
        return rows


def figures() -> list[Figure]:
    """Every app's figures, in the order of INSTALLED_APPS; keys are unique."""
    found: list[Figure] = []
    seen: set[str] = set()
    for module in app_modules("figures"):
        for figure in getattr(module, "FIGURES", []):
            if figure.key in seen:
                raise ValueError(f"Two evaluation figures have the key {figure.key!r}.")
            seen.add(figure.key)
            found.append(figure)
    return found


def get(key: str) -> Figure | None:
    return next((figure for figure in figures() if figure.key == key), None)


def visible(row: dict) -> bool:
    """Whether a cell counts enough people to be shown."""
    return (row.get("people") or 0) >= MIN_PEOPLE


def suppress(rows: Iterable[dict]) -> list[dict]:
    """The cells that may be shown: every cell under MIN_PEOPLE people is left out."""
    return [row for row in rows if visible(row)]


def month(field: str) -> TruncMonth:
    """`TruncMonth` as a date, for a figure's `month` (figures use `.annotate(month=month("at"))`)."""
    return TruncMonth(field, output_field=DateField())


def period(queryset, field: str, start: datetime.date, end: datetime.date):
    """Filter a queryset to `field` (a date or datetime, maybe across relations) from start to end
    inclusive; datetimes are compared with the local days' bounds, so an index serves the filter."""
    model = queryset.model
    *relations, last = field.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    if model._meta.get_field(last).get_internal_type() == "DateTimeField":
        zone = timezone.get_current_timezone()
        since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
        until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
        return queryset.filter(**{f"{field}__gte": since, f"{field}__lt": until})
    return queryset.filter(**{f"{field}__gte": start, f"{field}__lte": end})
