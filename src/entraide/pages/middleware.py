"""French error pages also when DEBUG is on (the demo runs with it).

With DEBUG, Django answers a missing page with its English technical page listing
every URL, and a server error with a traceback; `handler404` and `handler500` are
used only without DEBUG. This middleware, placed after the territory and messages
middleware so that the pages render in the site's layout, gives the same French
pages in both cases. Without DEBUG it changes nothing: Django's handlers already
render 404.html, 403.html and 500.html.
"""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.views import defaults

from .views import server_error

logger = logging.getLogger("django.request")


class FrenchErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
        ):
            # No view matched the address: Django's technical page, under DEBUG.
            return defaults.page_not_found(request, Http404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not settings.DEBUG:
            return None
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return None  # Django renders 403.html with or without DEBUG
        if isinstance(exception, (SuspiciousOperation, BadRequest)):
            return defaults.bad_request(request, exception)
        logger.error("Server error: %s", request.path, exc_info=exception, extra={"request": request})
        return server_error(request)
