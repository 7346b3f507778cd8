"""The diagnosis as a PDF for the council, printed by ``entraide.core.pdf``.

Landscape, so the table keeps whole words; coverage is written, not only coloured.
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
    rows = [
        (
            theme,
            [
                None
                if cell is None
                else {
                    "coverage": cell.coverage,
                    "label": cell.coverage_label,
                    "lines": cell.lines("resource", exact) + cell.lines("need", exact),
                }
                for _area, cell in cells
            ],
        )
        for theme, cells in grid.rows()
    ]
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
            "areas": [label for _key, label in grid.areas],
            "rows": rows,
            "summary": grid.summary(),
            "needs": uncovered,
        },
        title=title,
        filename=f"diagnostic-{day.isoformat()}.pdf",
        html_url=f"{page}?par={grid.axis}",
        landscape=True,
        attachment=True,
    )
