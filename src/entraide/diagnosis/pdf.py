"""The diagnosis as a PDF for the council (reportlab platypus). Coverage is written, not only coloured."""

import datetime
import io
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from entraide.territories.models import Territory

from . import table as diagnosis_table

BACKGROUNDS = {
    "uncovered": colors.HexColor("#f9d6d5"),
    "partial": colors.HexColor("#fff1c2"),
    "covered": colors.HexColor("#d4ecd9"),
}


def diagnosis_pdf(
    territory: Territory,
    title: str,
    day: datetime.date,
    grid: diagnosis_table.Table,
    needs: list[dict],
    exact: bool,
) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=title,
        lang="fr",
    )
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontSize=10, leading=13)
    cell_style = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    story = [
        Paragraph(escape(title), base["Title"]),
        Paragraph(escape(territory.name + " — " + date_format(day, "DATE_FORMAT")), body),
    ]
    if territory.is_demo:
        story.append(Paragraph(escape(_("Demonstration: these figures are fictitious.")), body))
    if not exact:
        story.append(
            Paragraph(escape(_("Counts of fewer than 5 people are not shown, to protect privacy.")), body)
        )
    summary = grid.summary()
    story.append(
        Paragraph(
            escape(
                _(
                    "%(uncovered)s uncovered, %(partial)s partly covered, %(covered)s covered "
                    "(theme and place)."
                )
                % summary
            ),
            body,
        )
    )
    story.append(Spacer(1, 0.4 * cm))

    header = [Paragraph(escape(_("Theme")), cell_style)] + [
        Paragraph(escape(label), cell_style) for _key, label in grid.areas
    ]
    data, styles = [header], []
    for row_index, (theme, cells) in enumerate(grid.rows(), start=1):
        row = [Paragraph(f"<b>{escape(theme)}</b>", cell_style)]
        for col_index, (_area, cell) in enumerate(cells, start=1):
            if cell is None:
                row.append(Paragraph("—", cell_style))
                continue
            lines = [f"<b>{escape(cell.coverage_label)}</b>"]
            lines += [escape(line) for line in cell.lines("resource", exact) + cell.lines("need", exact)]
            row.append(Paragraph("<br/>".join(lines), cell_style))
            if cell.coverage in BACKGROUNDS:
                styles.append(
                    ("BACKGROUND", (col_index, row_index), (col_index, row_index), BACKGROUNDS[cell.coverage])
                )
        data.append(row)
    width = doc.width
    first = 3.5 * cm
    other = max((width - first) / max(len(grid.areas), 1), 1.5 * cm)
    grid_table = Table(data, colWidths=[first] + [other] * len(grid.areas), repeatRows=1)
    grid_table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                *styles,
            ]
        )
    )
    story.append(grid_table)

    story.append(Spacer(1, 0.6 * cm))
    story.append(Paragraph(escape(_("Uncovered needs, most pressing first")), base["Heading2"]))
    if not needs:
        story.append(Paragraph(escape(_("No uncovered need is recorded.")), body))
    for need in needs:
        people = need.get("people")
        count = diagnosis_table.shown(people, exact) if people else _("unknown")
        text = f"<b>{escape(need['theme'])}</b> — {escape(need['place'])} — " + escape(
            _("people concerned: %(n)s") % {"n": count}
        )
        story.append(Paragraph(text, body))
        story.append(Paragraph(escape(need["description"]), body))
        story.append(Spacer(1, 0.2 * cm))
    doc.build(story)
    return buffer.getvalue()
