"""What micro-initiatives give the evaluation (entraide.evaluation.registry): projects funded,
euros granted, people who took part (from the diaries' final notes), support requests."""

from django.db.models import Count, F, Sum
from django.utils.translation import gettext_lazy as _

from entraide.evaluation.registry import Figure, month, period

from .enums import GRANTED, SupportStatus
from .models import DiaryEntry, Project, SupportRequest

MODULE = _("Micro-initiatives")


def _funded(territory, start, end):
    return period(
        Project.objects.in_territory(territory).filter(status__in=GRANTED), "decided_at", start, end
    )


def projects_funded(territory, start, end):
    return (
        _funded(territory, start, end)
        .annotate(month=month("decided_at"))
        .values("month", "commune_id")
        .annotate(value=Count("pk"), people=Count("applicant", distinct=True))
        .order_by()
    )


def euros_granted(territory, start, end):
    return (
        _funded(territory, start, end)
        .annotate(month=month("decided_at"))
        .values("month", "commune_id")
        .annotate(value=Sum("granted_amount"), people=Count("applicant", distinct=True))
        .order_by()
    )


def participants(territory, start, end):
    return (
        period(DiaryEntry.objects.in_territory(territory).filter(final=True), "written_on", start, end)
        .annotate(month=month("written_on"))
        .values("month", commune_id=F("project__commune_id"))
        .annotate(value=Sum("participants"), people=Sum("participants"))
        .order_by()
    )


def support_requests(territory, start, end):
    return (
        period(SupportRequest.objects.in_territory(territory), "created_at", start, end)
        .annotate(month=month("created_at"))
        .values("month", "commune_id")
        .annotate(value=Count("pk"), people=Count("requester", distinct=True))
        .order_by()
    )


def support_done(territory, start, end):
    return (
        period(
            SupportRequest.objects.in_territory(territory).filter(status=SupportStatus.DONE),
            "done_at",
            start,
            end,
        )
        .annotate(month=month("done_at"))
        .values("month", "commune_id")
        .annotate(value=Count("pk"), people=Count("requester", distinct=True))
        .order_by()
    )


FIGURES = [
    Figure(
        key="projects_funded",
        label=_("Micro-initiatives funded"),
        module=MODULE,
        compute=projects_funded,
        description=_("Projects accepted by the coordination group, by the month of the decision."),
    ),
    Figure(key="projects_euros_granted", label=_("Euros granted"), module=MODULE, compute=euros_granted),
    Figure(
        key="projects_participants",
        label=_("People who took part in funded projects"),
        module=MODULE,
        compute=participants,
        description=_("From the final note of each project's diary."),
    ),
    Figure(
        key="projects_support_requests",
        label=_("Requests for support"),
        module=MODULE,
        compute=support_requests,
    ),
    Figure(
        key="projects_support_done", label=_("Requests for support done"), module=MODULE, compute=support_done
    ),
]
