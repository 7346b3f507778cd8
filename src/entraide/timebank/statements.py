"""Statements of one account: as CSV and as a printable PDF."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.core import csv
from entraide.core.pdf import render_pdf

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


def statement_pdf(request: HttpRequest, account: Account) -> HttpResponse:
    """The statement to print (entraide.core.pdf), linking to the account's page."""
    lines = [
        {
            "date": date,
            "other": other,
            "label": " · ".join(part for part in (kind, category, what) if part),
            "signed": ("+" if minutes > 0 else "") + format_minutes(minutes),
        }
        for date, other, kind, category, what, minutes in _rows(account)
    ]
    if account.owner_id == request.user.pk:
        page = reverse("timebank:account")
    else:
        page = reverse("timebank:desk_account", args=[account.public_id])
    heading = _("Time account statement")
    balance = _("Balance on %(date)s: %(balance)s") % {
        "date": timezone.localdate().strftime("%d/%m/%Y"),
        "balance": format_minutes(account.balance_minutes),
    }
    return render_pdf(
        request,
        "timebank/pdf/statement.html",
        {"heading": heading, "account": account, "balance": balance, "lines": lines},
        title=f"{heading} · {account.label}",
        filename=_filename(account, "pdf"),
        html_url=page,
    )
