"""The personal home and the referent's desk overview: one registry each.

Each app may have a `home.py` with

- `personal(request) -> list[Section]`: what waits for the logged-in person
  (the home page `/` once logged in, and `/mon-espace/`);
- `desk(request) -> list[Section]`: what waits at the referent's desk (`/accueil/`).

`sections_for(request, kind)` gathers them, in the order of INSTALLED_APPS then
each section's `order`, once per request. Each function runs a bounded number
of queries whatever the data size: the menu's count of what waits is computed
from the personal sections on every page a logged-in person opens.
"""

from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Count, Window
from django.http import HttpRequest

from .discovery import app_modules

Kind = Literal["personal", "desk"]
MAX_ITEMS = 5


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    detail: str = ""  # e.g. a date or a status, plain text


@dataclass(frozen=True)
class Section:
    title: str  # translated, e.g. "Réponses à vos annonces"
    url: str  # where the full list lives
    items: list[Item] = field(default_factory=list)  # at most MAX_ITEMS shown
    count: int = 0  # what waits for the person (0 = nothing waiting)
    waiting: bool = False  # True when `count` needs the person's action: summed into the menu's count
    order: int = 100  # lower first


def sections_for(request: HttpRequest, kind: Kind) -> list[Section]:
    """Every app's sections of `kind` for this request (computed once per request)."""
    cache = request.__dict__.setdefault("_home_sections", {})
    if kind not in cache:
        sections: list[Section] = []
        if request.user.is_authenticated and getattr(request, "territory", None) is not None:
            for module in app_modules("home", exclude=("entraide.core",)):
                contribute = getattr(module, kind, None)
                if contribute is not None:
                    sections.extend(contribute(request))
        cache[kind] = sorted(sections, key=lambda section: section.order)
    return cache[kind]


def waiting_count(request: HttpRequest) -> int:
    """How many things wait for the person's action: the count shown in the menu."""
    return sum(section.count for section in sections_for(request, "personal") if section.waiting)


def first_items(queryset, make_item, limit: int = MAX_ITEMS) -> tuple[list[Item], int]:
    """The first `limit` rows as items, and how many rows there are: one query whatever their number
    (the count is a window over the whole selection, computed before the limit)."""
    rows = list(queryset.annotate(_home_total=Window(Count("pk")))[:limit])
    return [make_item(row) for row in rows], (rows[0]._home_total if rows else 0)
