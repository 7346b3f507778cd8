"""People's figures for the evaluation (entraide.evaluation.registry): residents who joined."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from entraide.evaluation.registry import Figure, month, period

from .models import User


def joined(territory, start, end):
    return (
        period(User.objects.filter(territory=territory, is_superuser=False), "date_joined", start, end)
        .annotate(month=month("date_joined"))
        .values("month", "commune_id")
        .annotate(value=Count("pk"), people=Count("pk"))
        .order_by()
    )


FIGURES = [
    Figure(
        "people_joined",
        _("Residents who joined"),
        _("People"),
        joined,
        description=_("Accounts opened, and people a referent registered."),
    )
]
