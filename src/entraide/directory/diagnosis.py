"""The directory's part in the shared diagnosis: published, active initiatives and
their services count as resources, per theme and place (found by
`entraide.diagnosis.sources` through `SOURCES`)."""

from collections import Counter

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from entraide.diagnosis.sources import RESOURCE, Source, Tally
from entraide.territories.models import Territory

from .enums import InitiativeStatus, Publication
from .models import Initiative, Service

LIVE = {"publication": Publication.PUBLISHED, "status": InitiativeStatus.ACTIVE}


def initiatives(territory: Territory) -> list[Tally]:
    """Published, active initiatives, counted once per theme they work on."""
    rows = (
        Initiative.categories.through.objects.filter(
            **{f"initiative__{k}": v for k, v in LIVE.items()}, initiative__territory=territory
        )
        .values("category_id", "initiative__commune_id", "initiative__neighbourhood_id")
        .annotate(n=Count("initiative_id"))
        .order_by()
    )
    return [
        Tally(r["category_id"], r["initiative__commune_id"], r["initiative__neighbourhood_id"], r["n"])
        for r in rows
    ]


def services(territory: Territory) -> list[Tally]:
    """The services of those initiatives, under their own themes or else their initiative's."""
    live = {f"initiative__{k}": v for k, v in LIVE.items()}
    own = (
        Service.categories.through.objects.filter(
            **{f"service__{k}": v for k, v in live.items()}, service__initiative__territory=territory
        )
        .values_list(
            "category_id", "service__initiative__commune_id", "service__initiative__neighbourhood_id"
        )
        .annotate(n=Count("service_id"))
        .order_by()
    )
    inherited = (
        Service.objects.in_territory(territory)
        .filter(**live, categories=None, initiative__categories__isnull=False)
        .values_list("initiative__categories", "initiative__commune_id", "initiative__neighbourhood_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: Counter = Counter()
    for *where, n in [*own, *inherited]:
        counts[tuple(where)] += n
    return [Tally(*where, n) for where, n in counts.items()]


SOURCES = [
    Source("initiatives", _("initiatives"), RESOURCE, initiatives),
    Source("services", _("services of initiatives"), RESOURCE, services),
]
