"""The yearly summary of the programme's money for the council: what came in (funding lines
obtained, by the date of their answer) and what went out (payments to projects, by date).
The page, the PDF and the CSV are built from the same rows, so their totals are the same."""

from django.db.models import Sum
from django.utils.translation import gettext as _

from entraide.territories.models import Territory

from .enums import FundingStatus
from .models import FundingLine, Payment, Project


def for_year(territory: Territory, year: int) -> dict:
    incoming = list(
        FundingLine.objects.in_territory(territory)
        .filter(status=FundingStatus.OBTAINED, answered_on__year=year)
        .select_related("project")
        .order_by("answered_on", "pk")
    )
    outgoing = list(
        Payment.objects.in_territory(territory)
        .filter(paid_on__year=year)
        .select_related("project__call")
        .order_by("paid_on", "pk")
    )
    granted = (
        Project.objects.in_territory(territory)
        .granted()
        .filter(decided_at__year=year)
        .aggregate(total=Sum("granted_amount"))["total"]
        or 0
    )
    total_in = sum(line.amount_obtained for line in incoming)
    total_out = sum(payment.amount for payment in outgoing)
    return {
        "year": year,
        "previous_year": year - 1,
        "next_year": year + 1,
        "incoming": incoming,
        "outgoing": outgoing,
        "total_in": total_in,
        "total_out": total_out,
        "balance": total_in - total_out,
        "granted": granted,
    }


def csv_rows(summary: dict) -> tuple[list[str], list[list]]:
    header = [_("Direction"), _("Date"), _("Who"), _("What"), _("Amount (euros)")]
    rows: list[list] = []
    for line in summary["incoming"]:
        what = line.project.title if line.project_id else _("The programme as a whole")
        rows.append([_("In"), line.answered_on.isoformat(), line.funder, what, line.amount_obtained])
    for payment in summary["outgoing"]:
        rows.append(
            [
                _("Out"),
                payment.paid_on.isoformat(),
                payment.project.title,
                payment.project.call.title,
                payment.amount,
            ]
        )
    rows.append([_("Total in"), "", "", "", summary["total_in"]])
    rows.append([_("Total out"), "", "", "", summary["total_out"]])
    rows.append([_("Balance"), "", "", "", summary["balance"]])
    return header, rows
