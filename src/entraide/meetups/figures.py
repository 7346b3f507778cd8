"""Meetups' figures for the evaluation (entraide.evaluation.registry): dates held and the
attendance the organisers wrote when closing them, with the newcomers. One aggregate query each;
`people` is the attendance (how many were there)."""

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from entraide.evaluation.registry import Figure, month, period

from .models import Occurrence


def _held(territory, start, end):
    return (
        period(Occurrence.objects.in_territory(territory), "starts_at", start, end)
        .filter(cancelled=False, closed_at__isnull=False)
        .annotate(month=month("starts_at"))
        .values("month", commune_id=F("meetup__commune_id"))
    )


def held(territory, start, end):
    return (
        _held(territory, start, end)
        .annotate(value=Count("pk"), people=Coalesce(Sum("present_count"), 0))
        .order_by()
    )


def attendance(territory, start, end):
    present = Coalesce(Sum("present_count"), 0)
    return _held(territory, start, end).annotate(value=present, people=present).order_by()


def newcomers(territory, start, end):
    return (
        _held(territory, start, end)
        .annotate(value=Coalesce(Sum("first_timers"), 0), people=Coalesce(Sum("present_count"), 0))
        .order_by()
    )


MEETUPS = _("Meetups")

FIGURES = [
    Figure(
        "meetups_held",
        _("Meetups held"),
        MEETUPS,
        held,
        description=_("Dates that took place and were closed."),
    ),
    Figure("meetups_attendance", _("Attendance at meetups"), MEETUPS, attendance),
    Figure(
        "meetups_newcomers",
        _("Newcomers at meetups"),
        MEETUPS,
        newcomers,
        description=_("Of those present, how many came for the first time."),
        share=True,
    ),
]
