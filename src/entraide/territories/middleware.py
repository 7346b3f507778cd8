from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Territory


class TerritoryMiddleware:
    """Sets `request.territory` once, from the host name. Nothing else picks a territory."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.territory = Territory.objects.for_host(request.get_host())
        if request.territory is None and not request.path.startswith("/admin/"):
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
