"""Statements of one account: as CSV and as a printable PDF (reportlab platypus)."""

import io
from xml.sax.saxutils import escape

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from entraide.core import csv

from .formatting import format_minutes
from .models import Account, Entry

STATEMENT_LIMIT = 2000


def statement_lines(account: Account) -> QuerySet[Entry]:
    """The entries of `account`, latest help first, with what a line shows, in one query."""
    return (
        Entry.objects.filter(account=account)
        .select_related(
            "transfer__payer__owner", "transfer__payee__owner", "transfer__category", "transfer__entered_by"
        )
        .order_by("-transfer__happened_on", "-id")
    )


def counterpart(entry: Entry) -> Account:
    transfer = entry.transfer
    return transfer.payee if entry.account_id == transfer.payer_id else transfer.payer


def _rows(account: Account):
    for entry in statement_lines(account)[:STATEMENT_LIMIT]:
        transfer = entry.transfer
        yield (
            transfer.happened_on.strftime("%d/%m/%Y"),
            counterpart(entry).label,
            transfer.get_kind_display(),
            transfer.category.name if transfer.category_id else "",
            transfer.description or transfer.reason,
            entry.amount_minutes,
        )


def _filename(account: Account, extension: str) -> str:
    return f"releve-temps-{timezone.localdate():%Y-%m-%d}-{str(account.public_id)[:8]}.{extension}"


def statement_csv(account: Account) -> HttpResponse:
    header = [_("Date"), _("With"), _("Kind"), _("Category"), _("What for"), _("Minutes"), _("Hours")]
    rows = (
        [date, other, kind, category, what, minutes, format_minutes(minutes)]
        for date, other, kind, category, what, minutes in _rows(account)
    )
    return csv.csv_response(_filename(account, "csv"), header, rows)


def statement_pdf(account: Account, territory_name: str) -> HttpResponse:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=_("Time account statement"),
        author=territory_name,
        lang="fr",
    )
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    body.fontSize = 11
    body.leading = 14
    story = [
        Paragraph(escape(_("Time account statement")), styles["Title"]),
        Paragraph(escape(f"{account.label} · {territory_name}"), styles["Heading2"]),
        Paragraph(
            escape(
                _("Balance on %(date)s: %(balance)s")
                % {
                    "date": timezone.localdate().strftime("%d/%m/%Y"),
                    "balance": format_minutes(account.balance_minutes).replace("−", "-"),
                }
            ),
            styles["Heading3"],
        ),
        Spacer(1, 0.3 * cm),
    ]
    data = [[_("Date"), _("With"), _("What for"), _("Hours")]]
    for date, other, kind, category, what, minutes in _rows(account):
        label = " · ".join(part for part in (kind, category, what) if part)
        # The PDF's standard fonts have no U+2212 minus sign: use the hyphen-minus.
        signed = (("+" if minutes > 0 else "") + format_minutes(minutes)).replace("−", "-")
        data.append([date, Paragraph(escape(other), body), Paragraph(escape(label), body), signed])
    if len(data) == 1:
        story.append(Paragraph(escape(_("No movement yet.")), body))
    else:
        table = Table(data, colWidths=[2.4 * cm, 4.2 * cm, 8 * cm, 2.6 * cm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("FONTSIZE", (0, 0), (-1, -1), 11),
                    ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(account, "pdf")}"'
    return response
