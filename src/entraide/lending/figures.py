"""Lending's figures for the evaluation (entraide.evaluation.registry): loans by kind of item and
month, and requests refused because the item was already lent (a need the supply does not meet).
One aggregate query each; `people` is how many distinct borrowers are behind a cell."""

from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from entraide.evaluation.registry import Figure, month, period

from .enums import BookingStatus, ItemKind
from .models import Booking

LOANS = (BookingStatus.APPROVED, BookingStatus.CHECKED_OUT, BookingStatus.RETURNED, BookingStatus.OVERDUE)
LENDING = _("Lending")


def _count(bookings, start, end):
    return (
        period(bookings, "starts_at", start, end)
        .annotate(month=month("starts_at"))
        .values("month", commune_id=F("item__commune_id"))
        .annotate(value=Count("pk"), people=Count("borrower", distinct=True))
        .order_by()
    )


def loans_of(kind: str):
    def compute(territory, start, end):
        bookings = Booking.objects.in_territory(territory).filter(status__in=LOANS, item__kind=kind)
        return _count(bookings, start, end)

    return compute


def refused_unavailable(territory, start, end):
    return _count(Booking.objects.in_territory(territory).filter(unavailable=True), start, end)


FIGURES = [
    *[
        Figure(f"lending_loans_{kind}", _("Loans: %(kind)s") % {"kind": label}, LENDING, loans_of(kind))
        for kind, label in ItemKind.choices
    ],
    Figure(
        "lending_refused_unavailable",
        _("Requests refused: already lent"),
        LENDING,
        refused_unavailable,
        description=_("Asked for a time when the item was already lent: more of it would be used."),
    ),
]
