"""Stored figures: on a large territory, `/evaluation/`, the yearly report and the open data read
the cells `entraide evaluation refresh` computed (every figure's one aggregate query, stored by
commune and month) instead of aggregating a million rows on each request.

A territory without stored cells, or a period they do not cover, is computed live (small
territories, the demo, tests). Run the command hourly for the last 13 months and nightly for
five years (docs/evaluation.md, deploy/)."""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import FigureCell, FigureRefresh
from .registry import figures


@transaction.atomic
def refresh(territory, start: datetime.date, end: datetime.date) -> int:
    """Compute every figure from `start` (its month) to `end` and store the cells; how many."""
    start = start.replace(day=1)
    cells = [
        FigureCell(
            territory=territory,
            key=figure.key,
            commune_id=row["commune_id"],
            month=row["month"],
            value=row["value"],
            people=row["people"],
        )
        for figure in figures()
        for row in figure.rows(territory, start, end)
    ]
    FigureCell.objects.in_territory(territory).filter(month__gte=start).delete()
    FigureCell.objects.bulk_create(cells, batch_size=2000)
    known = FigureRefresh.objects.filter(territory=territory).first()
    if known is not None and known.start < start and known.end >= start:
        start = known.start
    FigureRefresh.objects.update_or_create(
        territory=territory, defaults={"start": start, "end": end, "refreshed_at": timezone.now()}
    )
    return len(cells)


def stored(
    territory, start: datetime.date, end: datetime.date
) -> tuple[dict[str, list[dict]], object] | None:
    """Every figure's stored cells from start to end, by key, in two queries; None when the stored
    cells do not cover the period (then the caller computes live)."""
    covered = FigureRefresh.objects.filter(territory=territory).first()
    if (
        covered is None
        or covered.start > start.replace(day=1)
        or covered.end.replace(day=1) < end.replace(day=1)
    ):
        return None
    rows: dict[str, list[dict]] = {}
    cells = (
        FigureCell.objects.in_territory(territory)
        .filter(month__gte=start.replace(day=1), month__lte=end)
        .values_list("key", "commune_id", "month", "value", "people")
    )
    for key, commune_id, month, value, people in cells:
        rows.setdefault(key, []).append(
            {"commune_id": commune_id, "month": month, "value": value, "people": people}
        )
    return rows, covered.refreshed_at


def rows_by_key(territory, start: datetime.date, end: datetime.date) -> tuple[dict[str, list[dict]], object]:
    """Every figure's cells, stored if they cover the period, else computed live (refreshed_at None)."""
    found = stored(territory, start, end)
    if found is not None:
        return found
    return {figure.key: figure.rows(territory, start, end) for figure in figures()}, None
