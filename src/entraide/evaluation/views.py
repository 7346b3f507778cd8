import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from . import kinds, services
from .forms import FeedbackForm


def give(request: HttpRequest) -> HttpResponse:
    """The feedback form (GET ?kind=…&subject=…), and its answer (POST), one click from a page or an email."""
    data = request.POST if request.method == "POST" else request.GET
    form = FeedbackForm(data if request.method == "POST" else None, initial=data.dict())
    kind_key = data.get("kind", "")
    try:
        subject_id = uuid.UUID(data.get("subject", ""))
    except ValueError:
        raise Http404 from None
    kind = kinds.get(kind_key)
    if kind is None or not kinds.may_give(request.user, request.territory, kind_key, subject_id):
        raise Http404
    back = kind.url(request.territory, subject_id) or "/"
    if services.given(request.user, kind_key, subject_id):
        messages.info(request, _("You have already given your feedback on this. Thank you!"))
        return redirect(back)
    if request.method == "POST" and form.is_valid():
        try:
            services.give(
                person=request.user,
                kind=kind_key,
                subject=subject_id,
                did_good=form.cleaned_data["did_good"],
                met_someone_new=form.cleaned_data["met_someone_new"],
                sentence=form.cleaned_data["sentence"],
            )
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you for your feedback."))
        following = request.POST.get("next", "")
        if following and url_has_allowed_host_and_scheme(following, allowed_hosts={request.get_host()}):
            return redirect(following)
        return redirect(back)
    return render(request, "evaluation/give.html", {"form": form, "kind": kind})


@login_not_required
def indicators(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluation/indicators.html")
