"""Where the diagnosis gets its numbers: a registry of small provider functions.

A source counts either *resources* (what helps) or *needs* (what is asked),
per theme (category) and place (commune, and neighbourhood or None for the
whole commune). Each provider runs a bounded number of queries whatever the
data size. Other apps add their own sources from their `AppConfig.ready()`:

    from entraide.diagnosis.sources import Source, register
    register(Source("offers", _("offers on the board"), "resource", counts_people=True, tally=offers))

where `offers(territory)` returns an iterable of `Tally`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.core.search import words
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


REGISTRY: dict[str, Source] = {}


def register(source: Source) -> Source:
    if source.side not in {RESOURCE, NEED}:
        raise ValueError(f"A source is a {RESOURCE!r} or a {NEED!r}, not {source.side!r}.")
    REGISTRY[source.key] = source
    return source


def unregister(key: str) -> None:
    REGISTRY.pop(key, None)


def sources(side: str | None = None) -> list[Source]:
    return [s for s in REGISTRY.values() if side is None or s.side == side]


# Built-in sources ---------------------------------------------------------------------------


def initiatives(territory: Territory) -> list[Tally]:
    """Published, active initiatives, counted once per theme they work on."""
    from entraide.directory.enums import InitiativeStatus, Publication
    from entraide.directory.models import Initiative

    through = Initiative.categories.through
    rows = (
        through.objects.filter(
            initiative__territory=territory,
            initiative__publication=Publication.PUBLISHED,
            initiative__status=InitiativeStatus.ACTIVE,
        )
        .values("category_id", "initiative__commune_id", "initiative__neighbourhood_id")
        .annotate(n=Count("initiative_id"))
        .order_by()
    )
    return [
        Tally(r["category_id"], r["initiative__commune_id"], r["initiative__neighbourhood_id"], r["n"])
        for r in rows
    ]


def _theme_words(category: Category) -> set[str]:
    found = {w for w in words(category.name) if len(w) >= 4}
    found |= {w for w in words(category.slug.replace("-", " ")) if len(w) >= 4}
    return found


def helpers(territory: Territory) -> list[Tally]:
    """People whose profile says they can help with a theme (simple word matching)."""
    from entraide.people.models import User

    themes = [(c.pk, _theme_words(c)) for c in Category.objects.in_territory(territory).active()]
    counts: dict[tuple[int, int, int | None], int] = {}
    people = (
        User.objects.in_territory(territory)
        .residents()
        .exclude(can_help_with="")
        .filter(commune__isnull=False)
        .values_list("commune_id", "neighbourhood_id", "can_help_with")
    )
    for commune_id, neighbourhood_id, text in people.iterator():
        said = set(words(text))
        for category_id, theme_words in themes:
            if any(w.startswith(t) or t.startswith(w) for w in said if len(w) >= 4 for t in theme_words):
                key = (category_id, commune_id, neighbourhood_id)
                counts[key] = counts.get(key, 0) + 1
    return [Tally(c, m, n, count) for (c, m, n), count in counts.items()]


def recorded_needs(territory: Territory) -> list[Tally]:
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


register(Source("initiatives", _("initiatives"), RESOURCE, initiatives))
register(Source("helpers", _("people who can help"), RESOURCE, helpers, counts_people=True))
register(Source("needs", _("recorded needs"), NEED, recorded_needs))
