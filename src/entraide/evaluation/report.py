"""What the yearly report gathers: the figures, the stories the group chose, the diagnosis
compared with a year earlier, and the money of the co-funding follow-up when the projects
module has it (read defensively: the report works without it)."""

import datetime
import logging

from django.apps import apps
from django.utils.translation import gettext as _

from .indicators import all_series
from .models import Story

logger = logging.getLogger(__name__)
CHANGES_SHOWN = 20


def chosen_stories(territory, year: int) -> list[Story]:
    """The quarter's chosen stories of the year, only those published with their teller's consent."""
    return list(
        Story.objects.in_territory(territory)
        .filter(chosen_for__year=year, published=True)
        .select_related("commune")
        .order_by("chosen_for")
    )


def diagnosis(territory, end: datetime.date) -> dict | None:
    """The diagnosis at the end of the period against a year earlier, from its snapshots (the
    latest taken by each date; the live diagnosis when the period ends today)."""
    if not apps.is_installed("entraide.diagnosis"):
        return None
    from entraide.diagnosis import table
    from entraide.diagnosis.enums import Coverage
    from entraide.diagnosis.models import Snapshot

    snapshots = Snapshot.objects.in_territory(territory).order_by("-taken_on", "-created_at")
    before = snapshots.filter(taken_on__lte=end - datetime.timedelta(days=365)).first()
    if before is None:
        return None
    after = snapshots.filter(taken_on__lte=end, taken_on__gt=before.taken_on).first()
    if end >= datetime.date.today() or after is None:
        after_table, after_label = table.build(table.collect(territory), table.BY_COMMUNE), _("today")
    else:
        after_table, after_label = table.build(after.data, table.BY_COMMUNE), after.title
    before_table = table.build(before.data, table.BY_COMMUNE)
    before_summary, after_summary = before_table.summary(), after_table.summary()
    changes = table.compare(before_table, after_table)
    return {
        "before": before.title,
        "before_on": before.taken_on,
        "after": after_label,
        "rows": [
            (Coverage(value).label, before_summary.get(value, 0), after_summary.get(value, 0))
            for value in Coverage.values
        ],
        "changes": changes[:CHANGES_SHOWN],
        "more_changes": max(0, len(changes) - CHANGES_SHOWN),
    }


def money(territory, year: int) -> dict | None:
    """The co-funding follow-up's totals for the year, if the projects module offers them."""
    if not apps.is_installed("entraide.projects"):
        return None
    try:
        from entraide.projects.summary import for_year
    except ImportError:
        return None
    try:
        summary = for_year(territory, year)
    except Exception:  # another module's summary must not take the report down
        logger.exception("The projects' yearly summary failed; the report goes without it.")
        return None
    funders: dict[str, int] = {}
    for line in summary.get("incoming", []):
        name = str(getattr(line, "funder", "") or _("Other"))
        funders[name] = funders.get(name, 0) + (getattr(line, "amount_obtained", 0) or 0)
    return {
        "total_in": summary.get("total_in", 0),
        "total_out": summary.get("total_out", 0),
        "granted": summary.get("granted", 0),
        "funders": sorted(funders.items(), key=lambda item: -item[1]),
    }


def context(territory, year: int, start: datetime.date, end: datetime.date) -> dict:
    return {
        "year": year,
        "start": start,
        "end": end,
        "series": all_series(territory, start, end),
        "stories": chosen_stories(territory, year),
        "diagnosis": diagnosis(territory, end),
        "money": money(territory, year),
    }
