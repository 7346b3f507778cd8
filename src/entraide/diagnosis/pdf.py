"""The diagnosis as a PDF for the council, printed by ``entraide.core.pdf``.

Landscape, the table split into tables of at most six places (one commune's
neighbourhoods together), so that every word is whole; coverage is written, not
only coloured.
"""

import datetime

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.core.pdf import render_pdf

from . import table as diagnosis_table
from .models import Snapshot


def diagnosis_pdf(
    request: HttpRequest,
    title: str,
    day: datetime.date,
    grid: diagnosis_table.Table,
    needs: list[dict],
    exact: bool,
    snapshot: Snapshot | None,
) -> HttpResponse:
    """The diagnosis table (live, or a snapshot's) and the uncovered needs, linking to the same page."""
    page = (
        reverse("diagnosis:snapshot", args=[snapshot.public_id])
        if snapshot
        else reverse("diagnosis:diagnosis")
    )

    def printed(cell):
        if cell is None:
            return None
        lines = cell.lines("resource", exact) + cell.lines("need", exact)
        return {"coverage": cell.coverage, "label": cell.coverage_label, "lines": lines}

    rows = grid.rows()
    tables = []
    for commune, indexes in grid.pages():
        kept = [
            (theme, [printed(cells[i][1]) for i in indexes])
            for theme, cells in rows
            if any(cells[i][1] for i in indexes)
        ]
        if kept:
            tables.append({"commune": commune, "areas": [grid.areas[i][1] for i in indexes], "rows": kept})
    uncovered = [
        {
            **need,
            "count": diagnosis_table.shown(need["people"], exact) if need.get("people") else _("unknown"),
        }
        for need in needs
    ]
    return render_pdf(
        request,
        "diagnosis/pdf/diagnosis.html",
        {
            "day": day,
            "exact": exact,
            "table": grid,
            "tables": tables,
            "quiet_themes": grid.quiet_themes(),
            "summary": grid.summary(),
            "needs": uncovered,
        },
        title=title,
        filename=f"diagnostic-{day.isoformat()}.pdf",
        html_url=f"{page}?par={grid.axis}",
        landscape=True,
        attachment=True,
    )
