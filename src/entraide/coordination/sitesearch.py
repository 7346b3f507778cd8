"""The coordination group's part of the site search, for its members only: documents and decisions."""

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from entraide.pages.site_search import MAX_RESULTS, Result, Section

from . import rules
from .models import Decision, Document


def _section(title: str, queryset, make) -> list[Section]:
    found = [make(row) for row in queryset[: MAX_RESULTS + 1]]
    if not found:
        return []
    return [
        Section(
            title=title,
            results=found[:MAX_RESULTS],
            more_url=reverse("coordination:space"),
            total=queryset.count() if len(found) > MAX_RESULTS else len(found),
        )
    ]


def results(request: HttpRequest, query: str) -> list[Section]:
    words = query.split()[:5]
    if not words or not rules.is_member(request.user, request.territory):
        return []
    documents = Document.objects.in_territory(request.territory)
    decisions = Decision.objects.in_territory(request.territory).select_related("meeting")
    for word in words:
        documents = documents.filter(Q(title__icontains=word) | Q(text__icontains=word))
        decisions = decisions.filter(text__icontains=word)
    return _section(
        _("Documents of the coordination group"),
        documents.order_by("title", "pk"),
        lambda d: Result(
            title=d.title, url=reverse("coordination:document", kwargs={"public_id": d.public_id})
        ),
    ) + _section(
        _("Decisions of the coordination group"),
        decisions.order_by("-meeting__starts_at", "pk"),
        lambda d: Result(
            title=d.text,
            url=d.meeting.get_absolute_url() + "#decisions",
            summary=date_format(d.meeting.starts_at, "j F Y"),
        ),
    )
