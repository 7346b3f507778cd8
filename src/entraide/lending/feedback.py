"""Loans as a subject of the evaluation's feedback: the borrower of a loan that was returned."""

from django.utils.translation import gettext_lazy as _

from entraide.evaluation.kinds import Kind, register

from .enums import BookingStatus
from .models import Booking

KIND = "loan"


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


def register_kind() -> None:
    register(Kind(KIND, _("a loan"), can_give=may_give_feedback, url=booking_url, subject_of=subject_of))
