from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from entraide.core.cache import cached_for_anonymous
from entraide.core.home import sections_for
from entraide.territories.models import Commune


@login_not_required
@cached_for_anonymous
def home(request: HttpRequest) -> HttpResponse:
    communes = Commune.objects.in_territory(request.territory).only("name", "insee_code")
    context = {"communes": communes}
    if request.user.is_authenticated:
        sections = sections_for(request, "personal")
        context.update(sections=sections, anything=any(section.items for section in sections))
    return render(request, "pages/home.html", context)


def my_space(request: HttpRequest) -> HttpResponse:
    """What waits for the person, gathered from every app (entraide.core.home)."""
    sections = sections_for(request, "personal")
    context = {"sections": sections, "anything": any(section.items for section in sections)}
    return render(request, "pages/my_space.html", context)


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
