"""Where the diagnosis gets its numbers: the sources every app contributes.

A source counts either *resources* (what helps) or *needs* (what is asked),
per theme (category) and place (commune, and neighbourhood or None for the
whole commune). Each provider runs a bounded number of queries whatever the
data size.

The contract (docs/architecture.md, "Contributions from every app"): an app
that feeds the diagnosis has a `diagnosis.py` module with a list

    SOURCES = [Source("board_offers", _("offers on the board"), RESOURCE, open_offers)]

where `open_offers(territory)` returns an iterable of `Tally`. The diagnosis
finds those modules with `entraide.core.discovery.app_modules("diagnosis")`;
nothing is registered by hand. Its own source, the recorded needs, is here.
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from entraide.core.discovery import app_modules
from entraide.territories.models import Territory

RESOURCE, NEED = "resource", "need"


@dataclass(frozen=True)
class Tally:
    category_id: int
    commune_id: int
    neighbourhood_id: int | None
    count: int
    people: int | None = None  # for needs: how many people, roughly
    uncovered: int = 0  # for needs: how many of `count` nothing answers yet
    partly: int = 0  # for needs: how many are partly answered


@dataclass(frozen=True)
class Source:
    key: str
    label: str | Promise
    side: str  # RESOURCE or NEED
    tally: Callable[[Territory], Iterable[Tally]]
    counts_people: bool = False  # its counts are people: never shown below 5 on public pages

    def __post_init__(self):
        if self.side not in {RESOURCE, NEED}:
            raise ValueError(f"A source is a {RESOURCE!r} or a {NEED!r}, not {self.side!r}.")


def recorded_needs(territory: Territory) -> list[Tally]:
    """The needs referents and coordinators recorded, with how many are (partly) uncovered."""
    from .enums import NeedStatus
    from .models import Need

    rows = (
        Need.objects.in_territory(territory)
        .recorded()
        .values("category_id", "commune_id", "neighbourhood_id")
        .annotate(
            n=Count("pk"),
            people=Sum("people_count"),
            uncovered=Count("pk", filter=Q(status=NeedStatus.UNCOVERED)),
            partly=Count("pk", filter=Q(status=NeedStatus.PARTLY)),
        )
        .order_by()
    )
    return [
        Tally(
            r["category_id"],
            r["commune_id"],
            r["neighbourhood_id"],
            r["n"],
            r["people"],
            r["uncovered"],
            r["partly"],
        )
        for r in rows
    ]


OWN = [Source("needs", _("recorded needs"), NEED, recorded_needs)]


@functools.cache
def contributions() -> dict[str, list[Source]]:
    """Each contributing app's name and its sources, in the order of INSTALLED_APPS."""
    found = {"entraide.diagnosis": list(OWN)}
    for module in app_modules("diagnosis"):
        app = module.__name__.rpartition(".")[0]
        declared = getattr(module, "SOURCES", None)
        if not declared or not all(isinstance(s, Source) for s in declared):
            raise TypeError(f"{module.__name__} must declare SOURCES, a list of diagnosis Source.")
        found[app] = list(declared)
    keys = [s.key for declared in found.values() for s in declared]
    if len(keys) != len(set(keys)):
        raise ValueError(f"Two diagnosis sources share a key: {sorted(keys)}.")
    return found


def sources(side: str | None = None) -> list[Source]:
    """Every source, the diagnosis' own first; only one side's when `side` is given."""
    return [s for declared in contributions().values() for s in declared if side in (None, s.side)]


def registry() -> dict[str, Source]:
    return {s.key: s for s in sources()}
