"""“Who can help?”: members who opted in, by theme and neighbourhood, reached by private message only.

Nothing here shows a phone or an email: a person is written to about one of the asker's open
requests, in that request's private conversation (services.ask_helper).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from entraide.categories.models import Category
from entraide.core.forms import posted
from entraide.core.permissions import check_request
from entraide.people.models import User
from entraide.territories.scoping import get_scoped_or_404

from . import rules, services
from .enums import PostKind
from .forms import AskHelperForm, HelperFilterForm
from .models import Post

PAGE_SIZE = 20


def listed_helpers(request: HttpRequest):
    """The people listed for the person asking: opted in, with their own login, not themselves."""
    return (
        User.objects.in_territory(request.territory)
        .residents()
        .filter(listed_as_helper=True, is_assisted=False)
        .exclude(pk=request.user.pk)
    )


@check_request(rules.can_browse_helpers)
def helpers(request: HttpRequest) -> HttpResponse:
    form = HelperFilterForm(request.GET or None, territory=request.territory)
    people = (
        form.apply(listed_helpers(request))
        .select_related("commune", "neighbourhood__commune")
        .prefetch_related(Prefetch("help_categories", queryset=Category.objects.active()))
        .order_by("display_name", "pk")
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "board/who_can_help.html", {"form": form, "page": page})


@check_request(rules.can_browse_helpers)
def ask(request: HttpRequest, public_id) -> HttpResponse:
    helper = get_scoped_or_404(
        request,
        listed_helpers(request).select_related("neighbourhood__commune", "commune"),
        public_id=public_id,
    )
    requests = (
        Post.objects.in_territory(request.territory)
        .open()
        .filter(author=request.user, kind=PostKind.REQUEST)
        .order_by("-created_at")
    )
    form = AskHelperForm(posted(request), posts=requests)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.ask_helper(
                form.cleaned_data["post"], helper=helper, by=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Your message is sent. You will be told by email when they answer."))
            return redirect(conversation)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "board/ask_helper.html",
        {"helper": helper, "form": form, "has_requests": bool(form.posts)},
        status=status,
    )
