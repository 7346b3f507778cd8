"""Loans as a subject of the evaluation's feedback: the borrower of a loan that was returned gets
the one-click question on the loan's page and, for a few weeks, in their personal home."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.evaluation.kinds import Kind, Pending, register
from entraide.evaluation.models import Feedback

from .enums import BookingStatus
from .models import Booking

KIND = "loan"
ASK_FOR_DAYS = 60


def may_give_feedback(user, territory, subject) -> bool:
    return Booking.objects.filter(
        territory=territory, public_id=subject, borrower=user, status=BookingStatus.RETURNED
    ).exists()


def booking_url(territory, subject) -> str:
    booking = Booking.objects.in_territory(territory).filter(public_id=subject).first()
    return booking.get_absolute_url() if booking else ""


def subject_of(user, territory, booking):
    if booking.borrower_id == user.pk and booking.status == BookingStatus.RETURNED:
        return booking.public_id
    return None


def waiting(user, territory, limit: int) -> tuple[list[Pending], int]:
    """Loans returned in the last weeks the borrower has not given feedback on yet, latest first."""
    from entraide.core.home import first_items

    bookings = (
        Booking.objects.in_territory(territory)
        .filter(
            borrower=user,
            status=BookingStatus.RETURNED,
            returned_at__gte=timezone.now() - datetime.timedelta(days=ASK_FOR_DAYS),
        )
        .exclude(Exists(Feedback.objects.filter(person=user, kind=KIND, subject=OuterRef("public_id"))))
        .select_related("item")
        .order_by("-returned_at", "-pk")
    )
    return first_items(
        bookings,
        lambda b: Pending(
            b.public_id,
            _("Loan of %(item)s") % {"item": b.item.name},
            date_format(timezone.localtime(b.returned_at), "j F Y"),
        ),
        limit,
    )


def register_kind() -> None:
    register(
        Kind(
            KIND,
            gettext_lazy("a loan"),
            can_give=may_give_feedback,
            url=booking_url,
            subject_of=subject_of,
            pending=waiting,
        )
    )
