"""The personal home and the referent's desk overview: one registry each.

Each app may have a `home.py` with

- `personal(request) -> list[Section]`: what waits for the logged-in person
  (the home page `/` once logged in, and `/mon-espace/`);
- `desk(request) -> list[Section]`: what waits at the referent's desk (`/accueil/`).

`sections_for(request, kind)` gathers them, in the order of INSTALLED_APPS then
each section's `order`, once per request. Each function runs a bounded number
of queries whatever the data size. The menu's count of what waits is the sum of
the personal sections' counts. A person's sections are kept in the cache for at
most `WAITING_COUNT_CACHE_SECONDS` (60 in production), under the person, the
language and the territory's and the global versions (`core.cache`), which any
write bumps: a change shows at once, and only what time alone changes (a loan
falling due) may show up to that many seconds late. The desk's are always fresh.
"""

from dataclasses import dataclass, field
from typing import Literal

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db.models import Count, Window
from django.http import HttpRequest
from django.utils import translation

from .cache import GLOBAL, territory_version_key, versions
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
    """Every app's sections of `kind` for this request (computed once per request; a person's
    own sections are kept in the cache, see the module's docstring)."""
    cache = request.__dict__.setdefault("_home_sections", {})
    if kind not in cache:
        if not request.user.is_authenticated or getattr(request, "territory", None) is None:
            cache[kind] = []
        elif kind == "personal" and settings.WAITING_COUNT_CACHE_SECONDS:
            cache[kind] = _kept_personal_sections(request)
        else:
            cache[kind] = _gather(request, kind)
    return cache[kind]


def _gather(request: HttpRequest, kind: Kind) -> list[Section]:
    sections: list[Section] = []
    for module in app_modules("home", exclude=("entraide.core",)):
        contribute = getattr(module, kind, None)
        if contribute is not None:
            sections.extend(contribute(request))
    return sorted(sections, key=lambda section: section.order)


def _kept_personal_sections(request: HttpRequest) -> list[Section]:
    territory_id = request.territory.pk
    territory_version, global_version = versions(territory_version_key(territory_id), GLOBAL)
    parts = [territory_id, request.user.pk, translation.get_language(), territory_version, global_version]
    key = "entraide:personal:" + ":".join(map(str, parts))
    sections = shared_cache.get(key)
    if sections is None:
        sections = _gather(request, "personal")
        shared_cache.set(key, sections, settings.WAITING_COUNT_CACHE_SECONDS)
    return sections


def waiting_count(request: HttpRequest) -> int:
    """How many things wait for the person's action: the count shown in the menu."""
    return sum(section.count for section in sections_for(request, "personal") if section.waiting)


def first_items(queryset, make_item, limit: int = MAX_ITEMS) -> tuple[list[Item], int]:
    """The first `limit` rows as items, and how many rows there are: one query whatever their number
    (the count is a window over the whole selection, computed before the limit)."""
    rows = list(queryset.annotate(_home_total=Window(Count("pk")))[:limit])
    return [make_item(row) for row in rows], (rows[0]._home_total if rows else 0)
