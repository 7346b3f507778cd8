from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from entraide.territories.models import Commune


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    communes = Commune.objects.in_territory(request.territory).only("name", "insee_code")
    return render(request, "pages/home.html", {"communes": communes})


@login_not_required
def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/legal_notice.html")


@login_not_required
def privacy_policy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy_policy.html")


@login_not_required
def style_guide(request: HttpRequest) -> HttpResponse:
    from entraide.people.forms import ProfileForm

    form = ProfileForm(data={"display_name": ""}, territory=request.territory)
    form.is_valid()
    return render(request, "pages/style_guide.html", {"form": form})


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
