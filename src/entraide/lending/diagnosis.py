"""Lending's part in the shared diagnosis: the requests refused in the last six months because the
item was already lent, a need for more rooms, equipment or objects to share, counted under the
theme "lending things" in the item's commune."""

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.diagnosis.sources import NEED, Source, Tally
from entraide.territories.models import Territory

from .models import Booking

WINDOW = datetime.timedelta(days=180)
THEME = "pret"


def refused_unavailable(territory: Territory) -> list[Tally]:
    theme = Category.objects.in_territory(territory).filter(slug=THEME).values_list("pk", flat=True).first()
    if theme is None:
        return []
    rows = (
        Booking.objects.in_territory(territory)
        .filter(unavailable=True, created_at__gte=timezone.now() - WINDOW)
        .values("item__commune_id")
        .annotate(n=Count("pk"), people=Count("borrower", distinct=True))
        .order_by()
    )
    return [
        Tally(theme, r["item__commune_id"], None, r["n"], people=r["people"], uncovered=r["n"]) for r in rows
    ]


SOURCES = [
    Source(
        "lending_refused_unavailable",
        _("loans refused for lack of availability"),
        NEED,
        refused_unavailable,
    )
]
