from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
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
