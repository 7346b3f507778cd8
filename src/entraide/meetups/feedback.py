"""Meetups as a subject of the evaluation's feedback: those registered for a date that is over."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.evaluation.kinds import Kind, register

from .enums import RegistrationStatus
from .models import Occurrence, Registration

KIND = "meetup"


def may_give_feedback(user, territory, subject) -> bool:
    return Registration.objects.filter(
        person=user,
        status=RegistrationStatus.CONFIRMED,
        occurrence__public_id=subject,
        occurrence__territory=territory,
        occurrence__cancelled=False,
        occurrence__starts_at__lte=timezone.now(),
    ).exists()


def occurrence_url(territory, subject) -> str:
    occurrence = (
        Occurrence.objects.in_territory(territory).filter(public_id=subject).select_related("meetup").first()
    )
    return occurrence.get_absolute_url() if occurrence else ""


def register_kind() -> None:
    register(Kind(KIND, _("a meetup"), can_give=may_give_feedback, url=occurrence_url))
