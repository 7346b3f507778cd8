"""Bar charts drawn on the server as SVG, readable without colour and by a screen reader.

Each chart is an `<svg role="img">` with a `<title>` and a `<desc>` that says what it shows
in words; every bar carries its value as a printed label, hidden months are drawn as an empty
hatched frame marked "< 5"; the page follows each chart with its data table."""

from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .indicators import Series

WIDTH, HEIGHT = 640, 240
TOP, BOTTOM, LEFT, RIGHT = 24, 40, 8, 8
# Presentation attributes rather than a style sheet: the same SVG prints in the PDF.
VALUE = 'text-anchor="middle" fill="#1a1a1a" font-size="13"'
MONTH = 'text-anchor="middle" fill="#1a1a1a" font-size="12"'


def _label(month) -> str:
    return date_format(month, "M y") if month.month != 1 else date_format(month, "M Y")


def bar_chart(series: Series, chart_id: str) -> SafeString:
    cells = series.cells
    if not cells:
        return SafeString("")
    area_width = WIDTH - LEFT - RIGHT
    area_height = HEIGHT - TOP - BOTTOM
    slot = area_width / len(cells)
    bar = max(4.0, slot * 0.6)
    top = series.top or 1
    parts = []
    for index, cell in enumerate(cells):
        x = LEFT + index * slot + (slot - bar) / 2
        middle = x + bar / 2
        if cell.hidden:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-hatch)" stroke="#333"/>'
                    '<text x="{}" y="{}" ' + VALUE + ">&lt; 5</text>",
                    f"{x:.1f}",
                    TOP + area_height - 20,
                    f"{bar:.1f}",
                    20,
                    chart_id,
                    f"{middle:.1f}",
                    TOP + area_height - 24,
                )
            )
        else:
            height = area_height * cell.value / top
            y = TOP + area_height - height
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar" fill="#2b5d8a"/>'
                    '<text x="{}" y="{}" ' + VALUE + ">{}</text>",
                    f"{x:.1f}",
                    f"{y:.1f}",
                    f"{bar:.1f}",
                    f"{height:.1f}",
                    f"{middle:.1f}",
                    f"{y - 4:.1f}",
                    cell.value,
                )
            )
        if len(cells) <= 12 or index % 2 == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" ' + MONTH + ">{}</text>",
                    f"{middle:.1f}",
                    HEIGHT - BOTTOM + 18,
                    _label(cell.month),
                )
            )
    shown = series.shown
    if shown:
        highest = max(shown, key=lambda cell: cell.value)
        summary = _("%(total)s in all over %(months)s periods shown; highest: %(top)s in %(month)s.") % {
            "total": series.total,
            "months": len(shown),
            "top": highest.value,
            "month": date_format(highest.month, "F Y"),
        }
    else:
        summary = _("No figure to show: fewer than 5 people in every period.")
    if series.hidden_count:
        summary += " " + _("%(count)s periods hidden (fewer than 5 people).") % {"count": series.hidden_count}
    summary += " " + _("The table below gives every value.")
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="2"/>'
        '</pattern></defs><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333"/>{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        series.figure.label,
        chart_id,
        summary,
        chart_id,
        LEFT,
        TOP + area_height,
        WIDTH - RIGHT,
        TOP + area_height,
        format_html_join("", "{}", ((part,) for part in parts)),
    )
