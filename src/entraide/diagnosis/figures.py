"""The diagnosis' figures for the evaluation (entraide.evaluation.registry): needs recorded and
needs covered, by the month they were heard. `people` is how many people the needs concern (one
when not said)."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from entraide.evaluation.registry import Figure, month

from .enums import NeedStatus
from .models import Need


def _needs(territory, start, end, only: Q | None = None):
    only = only or Q()
    return (
        Need.objects.in_territory(territory)
        .recorded()
        .filter(heard_on__gte=start, heard_on__lte=end)
        .annotate(month=month("heard_on"))
        .values("month", "commune_id")
        .annotate(
            value=Count("pk", filter=only),
            people=Coalesce(Sum(Coalesce("people_count", 1), filter=only), 0),
        )
        .order_by()
    )


def recorded(territory, start, end):
    return _needs(territory, start, end)


def covered(territory, start, end):
    return _needs(territory, start, end, Q(status=NeedStatus.COVERED))


DIAGNOSIS = _("Diagnosis")

FIGURES = [
    Figure(
        "diagnosis_needs",
        _("Needs recorded"),
        DIAGNOSIS,
        recorded,
        description=_("Needs heard and recorded."),
    ),
    Figure(
        "diagnosis_needs_covered",
        _("Needs covered"),
        DIAGNOSIS,
        covered,
        description=_("Of the needs heard in the month, those now covered."),
    ),
]
