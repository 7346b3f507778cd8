from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlsplit
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from entraide.core.forms import posted
from entraide.core.permissions import check_request
from entraide.territories.scoping import get_scoped_or_404

from . import data_page, rules, services
from .forms import AssistedPersonForm, EraseForm, GiveLoginForm, ProfileForm
from .models import User


@login_not_required
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (a cookie), also kept on the account of a logged-in person.

    Their emails are then written in that language (core.emails.send). The switch has no CSRF
    token (public pages stay cacheable): the account is only changed by a form of this site
    (its Origin or Referer is this host), never by another site's.
    """
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and check_for_language(language)
        and _from_this_site(request)
        and request.user.language != language
    ):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


def _from_this_site(request: HttpRequest) -> bool:
    """The Origin (or, without one, the Referer) is an absolute URL of this very host, as Django's
    CSRF check wants it: "null" (a sandboxed frame of any site sends it) or a relative value is
    not, though url_has_allowed_host_and_scheme() takes either for a safe relative link."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    parts = urlsplit(source)
    return bool(parts.scheme and parts.netloc) and url_has_allowed_host_and_scheme(
        source, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own login form would refuse territory administrators: use ours."""
    if request.user.is_authenticated:
        # Logged in without access to the admin: say so (our login page would send them back, in a loop).
        raise PermissionDenied(
            _(
                "The administration pages are for the territory's administrators: "
                "your account has no access to them."
            )
        )
    return redirect_to_login(request.GET.get("next") or "/admin/", login_url=reverse("account_login"))


def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(posted(request), instance=request.user, territory=request.territory)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("people:profile")
    return render(request, "people/profile.html", {"form": form})


def _managed_person(request: HttpRequest, public_id) -> User:
    person = get_scoped_or_404(
        request, User.objects.select_related("commune", "neighbourhood"), public_id=public_id
    )
    if not rules.can_manage_person(request.user, request.territory, person):
        raise Http404
    return person


@check_request(rules.is_referent)
def people_list(request: HttpRequest) -> HttpResponse:
    communes = rules.communes_looked_after(request.user, request.territory)
    people = (
        User.objects.in_territory(request.territory)
        .residents()
        .filter(commune__in=communes)
        .select_related("commune", "neighbourhood")
        .order_by("commune__name", "display_name")
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "people/people_list.html", {"page": page, "communes": communes})


@check_request(rules.is_referent)
def assisted_person_create(request: HttpRequest) -> HttpResponse:
    communes = rules.communes_looked_after(request.user, request.territory)
    form = AssistedPersonForm(posted(request), territory=request.territory, communes=communes)
    if request.method == "POST" and form.is_valid():
        person = services.create_assisted_person(
            referent=request.user,
            profile=form.save(commit=False),
            consent_given_on=form.cleaned_data["consent_given_on"],
            consent_method=form.cleaned_data["consent_method"],
        )
        messages.success(request, _("The profile of %(name)s has been created.") % {"name": person})
        return redirect("people:person", public_id=person.public_id)
    return render(request, "people/assisted_person_form.html", {"form": form})


def _person_page(request, person, form, login_form) -> HttpResponse:
    context = {
        "person": person,
        "form": form,
        "login_form": login_form,
        "consents": person.consents.select_related("recorded_by"),
        "actions": person.proxy_actions.select_related("referent", "person")[:20],
    }
    return render(request, "people/person_detail.html", context)


@check_request(rules.is_referent)
def person_detail(request: HttpRequest, public_id) -> HttpResponse:
    person = _managed_person(request, public_id)
    can_act = rules.can_act_for(request.user, request.territory, person)
    form = ProfileForm(
        posted(request),
        instance=person,
        territory=request.territory,
        prefix="profile",
    )
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied
        if form.is_valid():
            services.save_profile_on_behalf(referent=request.user, form=form)
            messages.success(request, _("The profile has been saved."))
            return redirect("people:person", public_id=person.public_id)
    return _person_page(request, person, form if can_act else None, GiveLoginForm() if can_act else None)


@check_request(rules.is_referent)
@require_POST
def give_login(request: HttpRequest, public_id) -> HttpResponse:
    person = _managed_person(request, public_id)
    if not rules.can_act_for(request.user, request.territory, person):
        raise Http404
    form = GiveLoginForm(request.POST)
    if form.is_valid():
        services.give_login(referent=request.user, person=person, email=form.cleaned_data["email"])
        messages.success(
            request,
            _("%(name)s will receive an email to choose their password.") % {"name": person},
        )
        return redirect("people:person", public_id=person.public_id)
    profile_form = ProfileForm(instance=person, territory=request.territory, prefix="profile")
    return _person_page(request, person, profile_form, form)


def _data_download(person: User) -> JsonResponse:
    response = JsonResponse(
        services.export_personal_data(person), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-entraide.json"'
    return response


def my_data(request: HttpRequest) -> HttpResponse:
    """Download one's data, or delete one's account."""
    form = EraseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.erase_person(request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("pages:home")
    return render(request, "people/my_data.html", {"form": form})


def my_data_export(request: HttpRequest) -> HttpResponse:
    return _data_download(request.user)


def my_data_page(request: HttpRequest) -> HttpResponse:
    """The same export as the file, to read."""
    data = services.export_personal_data(request.user)
    generated_at = data_page.readable(data.pop("generated_at")).value
    known = data_page.labels()
    sections = [data_page.readable(value, key, known) for key, value in data.items()]
    return render(request, "people/my_data_page.html", {"sections": sections, "generated_at": generated_at})


@check_request(rules.is_referent)
def person_data_export(request: HttpRequest, public_id) -> HttpResponse:
    person = _managed_person(request, public_id)
    if not rules.can_act_for(request.user, request.territory, person):
        raise Http404
    services.record_proxy_action(request.user, person, _("data exported"))
    return _data_download(person)


@check_request(rules.is_referent)
def person_erase(request: HttpRequest, public_id) -> HttpResponse:
    person = _managed_person(request, public_id)
    if not rules.can_act_for(request.user, request.territory, person):
        raise Http404
    form = EraseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.erase_person(person, by=request.user)
        messages.success(request, _("The personal data of this person have been deleted."))
        return redirect("people:list")
    return render(request, "people/person_erase.html", {"person": person, "form": form})
