import copy
import threading

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from entraide.core.cache import TERRITORIES, versions

from .models import Territory, normalise_host

MAX_HOSTS = 1000
# The instance's admin, and the health check a load balancer calls by address.
WITHOUT_TERRITORY = ("/admin/", "/sante/")


class _Territories:
    """Each process keeps the territories it served, by host name, while the shared version
    of the territories (core.cache.TERRITORIES, bumped by any change to a territory or a host
    name) stays the same: a request then costs one cache read instead of two queries."""

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.by_host: dict[str, Territory | None] = {}

    def for_host(self, host: str) -> Territory | None:
        (version,) = versions(TERRITORIES)
        host = normalise_host(host)
        with self.lock:
            if version != self.version:
                self.version, self.by_host = version, {}
            if host in self.by_host:
                found = self.by_host[host]
                return copy.copy(found) if found is not None else None
        found = Territory.objects.for_host(host)
        with self.lock:
            if version == self.version and len(self.by_host) < MAX_HOSTS:
                self.by_host[host] = found
        return copy.copy(found) if found is not None else None


territories = _Territories()


class TerritoryMiddleware:
    """Sets `request.territory` once, from the host name. Nothing else picks a territory."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.territory = territories.for_host(request.get_host())
        if request.territory is None and not request.path.startswith(WITHOUT_TERRITORY):
            return render(request, "territories/unknown_territory.html", status=404)
        if (
            request.territory is not None
            and request.user.is_authenticated
            and not request.user.is_superuser
            and request.user.territory_id != request.territory.pk
        ):
            # A session from another territory's host never carries over.
            from django.contrib.auth import logout

            logout(request)
        return self.get_response(request)
