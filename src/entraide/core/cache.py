"""Versions kept in the shared cache, and the page cache for anonymous visitors built on them.

A version is a random token under a key of the shared cache (Redis in production): one per
territory (`territory_version_key`), one for changes whose territory is not known at once
(`GLOBAL`), one for the list of territories and their host names (`TERRITORIES`). Any write
bumps them: `post_save`, `post_delete` and `m2m_changed` of every model but the ignored apps'
(sessions, emails, logs), and `update()`, `bulk_create()` and `bulk_update()` of every scoped
queryset (`territories.models.ScopedQuerySet` calls `bump_global`). A version is bumped at once
and again when the transaction commits, so a page rendered from data not yet committed is never
kept under the new version.

`@cached_for_anonymous` marks a public page to keep for visitors without a session, and the
`AnonymousPageCache` middleware (outermost but for the security ones) keeps and serves it, keyed by
territory, versions, language and full path, for `ANONYMOUS_PAGE_CACHE_SECONDS` at most (0 turns
it off, the default outside production). A page whose rendering asked for a CSRF token, set a cookie or
answered anything but 200 is never kept; logged-in people always get a fresh page marked
`Cache-Control: private`. Cached pages carry an `ETag`, and `If-None-Match` gets a 304. What their
pages share with everyone (the board's list) may be kept with `shared_fragment` under the same
versions, and each person's menu rendered around it.

Each round trip to Redis costs more than serving a kept page, so a process also trusts the
versions it read for `CACHE_LOCAL_SECONDS` (1 in production: another server's change shows within
a second; 0 elsewhere) and keeps its last pages in memory, keyed by those versions.
"""

import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe

from .middleware import chosen_language

logger = logging.getLogger(__name__)

GLOBAL = "entraide:v:all"
TERRITORIES = "entraide:v:territories"
# Writes that no public page shows (and that happen on every login or email).
IGNORED_APPS = {"sessions", "post_office", "admin", "contenttypes", "auth", "account", "migrations"}


def territory_version_key(territory_id: int) -> str:
    return f"entraide:v:t:{territory_id}"


class _Local:
    """What this process trusts for `CACHE_LOCAL_SECONDS` without asking the shared cache: the
    versions it read, and the last pages it served (each round trip to Redis costs more than
    serving a kept page). A version bumped by this process is seen here at once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.versions: dict[str, tuple[str, float]] = {}
        self.pages: OrderedDict[str, dict] = OrderedDict()

    def get_page(self, key: str) -> dict | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def keep_page(self, key: str, page: dict) -> None:
        with self.lock:
            self.pages[key] = page
            while len(self.pages) > LOCAL_PAGES:
                self.pages.popitem(last=False)


LOCAL_PAGES = 200
local = _Local()


def versions(*keys: str) -> list[str]:
    """The current token of each key ("0" for one never bumped or evicted)."""
    trust = settings.CACHE_LOCAL_SECONDS
    now = time.monotonic()
    known = {}
    if trust > 0:
        with local.lock:
            known = {k: v for k in keys if (v := local.versions.get(k)) and now - v[1] < trust}
    missing = [key for key in keys if key not in known]
    if missing:
        found = cache.get_many(missing)
        with local.lock:
            for key in missing:
                known[key] = local.versions[key] = (found.get(key, "0"), now)
    return [known[key][0] for key in keys]


def bump(*keys: str) -> None:
    """Give each key a new token now and again after the transaction commits."""

    def write() -> None:
        tokens = {key: uuid.uuid4().hex for key in keys}
        with local.lock:
            local.versions.update((key, (token, time.monotonic())) for key, token in tokens.items())
        try:
            cache.set_many(tokens, timeout=None)
        except Exception:  # a cache that is down must not fail the write that changed the data
            logger.exception("Could not bump the cache versions %s", keys)

    write()
    transaction.on_commit(write)


def bump_global(model=None) -> None:
    """After a bulk write to `model`'s table, whose rows' territories are not known."""
    from entraide.territories.models import Territory, TerritoryHost

    bump(GLOBAL, *([TERRITORIES] if model in (Territory, TerritoryHost) else []))


def _changed(sender, instance=None, **kwargs) -> None:
    if sender._meta.app_label in IGNORED_APPS or kwargs.get("raw"):
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: only once, after
    from entraide.territories.models import Territory, TerritoryHost

    if isinstance(instance, Territory):
        bump(territory_version_key(instance.pk), TERRITORIES)
        return
    territory_id = getattr(instance, "territory_id", None)
    keys = [territory_version_key(territory_id)] if isinstance(territory_id, int) else [GLOBAL]
    if isinstance(instance, TerritoryHost):
        keys.append(TERRITORIES)
    bump(*keys)


def connect_signals() -> None:
    """Called once from CoreConfig.ready()."""
    post_save.connect(_changed, dispatch_uid="entraide.core.cache.saved")
    post_delete.connect(_changed, dispatch_uid="entraide.core.cache.deleted")
    m2m_changed.connect(_changed, dispatch_uid="entraide.core.cache.m2m")


def _page_key(request: HttpRequest, territory_id: int) -> str:
    territory_version, global_version = versions(territory_version_key(territory_id), GLOBAL)
    parts = [
        str(territory_id),
        request.get_host(),  # a feed's or a page's absolute links name the host they were asked on
        territory_version,
        global_version,
        chosen_language(request),  # LanguageMiddleware's choice (it runs later)
        request.headers.get("HX-Request", ""),
        request.get_full_path(),
    ]
    return "entraide:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


# How a CSRF token shows in a page ({% csrf_token %}, or htmx's header).
CSRF_MARKERS = (b'name="csrfmiddlewaretoken"', b"X-CSRFToken")


def _carries_csrf_token(request: HttpRequest, response: HttpResponse) -> bool:
    """A page holding one visitor's CSRF token would fail every other visitor's form. (A template
    may ask for the token without printing it: only a token in the page counts.)"""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")) and any(
        marker in response.content for marker in CSRF_MARKERS
    )


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    """The CSRF cookie may be set for this visitor (a template asked for the token without printing
    it); the kept copy goes without it. Any other cookie, or a message, keeps the page out."""
    return (
        response.status_code == 200
        and not response.streaming
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and not _carries_csrf_token(request, response)
        and not getattr(getattr(request, "_messages", None), "_queued_messages", None)
    )


def _conditional(request: HttpRequest, response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True)
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        not_modified = HttpResponseNotModified()
        for name in ("ETag", "Cache-Control", "Vary", "Content-Language"):
            if name in response:
                not_modified[name] = response[name]
        return not_modified
    return response


def shared_fragment(request: HttpRequest, name: str, render) -> str:
    """HTML that is the same for every logged-in person of the territory (the board's list and
    filters, around which each person's own menu is rendered fresh): kept like an anonymous page,
    under the territory's and the global versions, language and full path, so that any change in
    the territory replaces it at once, and for `ANONYMOUS_PAGE_CACHE_SECONDS` at most (0: rendered
    every time). `render()` must not depend on who is asking, nor print a CSRF token."""
    seconds = settings.ANONYMOUS_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return render()
    try:
        key = f"{_page_key(request, request.territory.pk)}:{name}"
        kept = _kept(key)
    except Exception:
        logger.exception("The page cache is unavailable")
        return render()
    if kept is not None:
        return mark_safe(kept["content"])  # noqa: S308 (our own rendering, kept as rendered)
    html = render()
    _keep(key, {"content": str(html)})
    return html


def _kept(key: str) -> dict | None:
    """A kept page or fragment: from this process's memory first, then the shared cache."""
    kept = local.get_page(key) if settings.CACHE_LOCAL_SECONDS > 0 else None
    if kept is None:
        kept = cache.get(key)
        if kept is not None and settings.CACHE_LOCAL_SECONDS > 0:
            local.keep_page(key, kept)
    return kept


def _keep(key: str, value: dict) -> None:
    if settings.CACHE_LOCAL_SECONDS > 0:
        local.keep_page(key, value)
    try:
        cache.set(key, value, settings.ANONYMOUS_PAGE_CACHE_SECONDS)
    except Exception:
        logger.exception("The page cache is unavailable")


def cached_for_anonymous(view):
    """Mark the pages `view` renders as kept for anonymous visitors (by AnonymousPageCache) until
    their territory changes; logged-in people's are marked private."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            response.cache_for_anonymous = True
        return response

    return wrapper


class AnonymousPageCache:
    """Serves kept pages before the rest of the middleware runs (sessions, CSRF, authentication,
    CSP…: the kept copy already holds the headers they add), and keeps the pages marked by
    `@cached_for_anonymous`. Only for GET and HEAD without a session or a message cookie: such a
    visitor is anonymous and has nothing personal waiting."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = None
        try:
            key = self._key(request)
            kept = _kept(key) if key else None
        except Exception:
            logger.exception("The page cache is unavailable")
            key = kept = None
        if kept is not None:
            response = HttpResponse(kept["content"], status=200)
            for name, value in kept["headers"]:
                response[name] = value
            return _conditional(request, response, kept["etag"])
        response = self.get_response(request)
        if key is None or not getattr(response, "cache_for_anonymous", False):
            return response
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if not _keepable(request, response):
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
        _keep(key, {"content": response.content, "headers": headers, "etag": etag})
        return _conditional(request, response, etag)

    @staticmethod
    def _key(request: HttpRequest) -> str | None:
        if (
            settings.ANONYMOUS_PAGE_CACHE_SECONDS <= 0
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES
        ):
            return None
        from entraide.territories.middleware import territories

        territory = territories.for_host(request.get_host())
        return _page_key(request, territory.pk) if territory is not None else None
