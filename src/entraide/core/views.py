import logging
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from . import emails


@login_not_required
@csrf_exempt  # mail programs POST the one-click unsubscribe (RFC 8058) without a form; the token is the key
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link at the foot of each notification: a button that stops them, without logging in."""
    person = emails.person_for_unsubscribe(token, request.territory)
    if person is None:
        raise Http404
    if request.method == "POST":
        emails.unsubscribe(person)
        return render(request, "core/unsubscribe.html", {"done": True})
    return render(request, "core/unsubscribe.html", {"done": False})


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """`/sante/` for the load balancer and monitoring: can this server reach the database and the
    cache? No login, no data, never cached; 503 when either fails."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        logging.getLogger(__name__).exception("Health check: the database is unreachable")
        checks["database"] = "error"
    try:
        token = uuid.uuid4().hex
        cache.set("entraide:health", token, 30)
        checks["cache"] = "ok" if cache.get("entraide:health") == token else "error"
    except Exception:
        logging.getLogger(__name__).exception("Health check: the cache is unreachable")
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    return response
