"""The meetups' part in the shared diagnosis (found by `entraide.diagnosis.sources` through
`SOURCES`): the people present at the meetups closed in the last six months, and among them those
who came for the first time, counted as a resource of the theme "visits and company" (the link
between people that meetups make) in the meetup's commune. Counts of people: the diagnosis hides
those below 5 on public pages."""

import datetime

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.diagnosis.sources import RESOURCE, Source, Tally
from entraide.territories.models import Territory

from .models import Occurrence

WINDOW = datetime.timedelta(days=180)
THEME = "visite"  # "Visite et convivialité": the social link


def _tallies(territory: Territory, field: str) -> list[Tally]:
    theme = Category.objects.in_territory(territory).filter(slug=THEME).values_list("pk", flat=True).first()
    if theme is None:
        return []
    rows = (
        Occurrence.objects.in_territory(territory)
        .filter(closed_at__isnull=False, cancelled=False, starts_at__gte=timezone.now() - WINDOW)
        .values("meetup__commune_id")
        .annotate(n=Sum(field))
        .order_by()
    )
    return [Tally(theme, r["meetup__commune_id"], None, r["n"]) for r in rows if r["n"]]


def present(territory: Territory) -> list[Tally]:
    return _tallies(territory, "present_count")


def first_timers(territory: Territory) -> list[Tally]:
    return _tallies(territory, "first_timers")


SOURCES = [
    Source("meetups_present", _("people present at meetups"), RESOURCE, present, counts_people=True),
    Source(
        "meetups_first_timers",
        _("people at a meetup for the first time"),
        RESOURCE,
        first_timers,
        counts_people=True,
    ),
]
