"""The coordination group's figures for the evaluation (entraide.evaluation.registry): meetings
held and attendance, for the territory as a whole (rows carry no commune). One aggregate query
each; `people` is how many distinct members came."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from entraide.evaluation.registry import Figure, month, period

from .enums import MeetingStatus
from .models import Meeting


def _held(territory, start, end):
    return (
        period(Meeting.objects.in_territory(territory), "starts_at", start, end)
        .filter(status=MeetingStatus.HELD)
        .annotate(month=month("starts_at"))
        .values("month")
    )


def meetings(territory, start, end):
    return (
        _held(territory, start, end)
        .annotate(
            value=Count("pk", distinct=True),
            people=Count("attendances__person", distinct=True),
        )
        .order_by()
    )


def attendance(territory, start, end):
    return (
        _held(territory, start, end)
        .annotate(
            value=Count("attendances"),
            people=Count("attendances__person", distinct=True),
        )
        .order_by()
    )


GROUP = _("Coordination group")

FIGURES = [
    Figure(
        "coordination_meetings",
        _("Coordination meetings held"),
        GROUP,
        meetings,
        description=_("Meetings of the coordination group whose minutes were approved."),
    ),
    Figure(
        "coordination_attendance",
        _("Attendance at coordination meetings"),
        GROUP,
        attendance,
        description=_("Members present, counted at each meeting."),
    ),
]
