"""Micro-initiatives in the site search (entraide.pages.site_search): funded projects, calls, guides."""

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.pages.site_search import MAX_RESULTS, Result, Section

from .models import Call, Guide, Project


def results(request: HttpRequest, query: str) -> list[Section]:
    territory = request.territory
    words = query.strip()
    if not words:
        return []
    projects = (
        Project.objects.in_territory(territory)
        .granted()
        .filter(Q(title__icontains=words) | Q(description__icontains=words))
        .order_by("-decided_at", "pk")
    )
    calls = Call.objects.in_territory(territory).filter(title__icontains=words).order_by("-opens_on", "pk")
    guides = (
        Guide.objects.in_territory(territory)
        .filter(Q(title__icontains=words) | Q(summary__icontains=words) | Q(body__icontains=words))
        .order_by("title", "pk")
    )
    found = [
        Result(title=c.title, url=c.get_absolute_url(), summary=_("Call for projects")) for c in calls[:3]
    ]
    found += [
        Result(title=g.title, url=g.get_absolute_url(), summary=_("Practical guide")) for g in guides[:3]
    ]
    found += [
        Result(title=p.title, url=p.get_absolute_url(), summary=_("Micro-initiative funded"))
        for p in projects[: MAX_RESULTS - len(found)]
    ]
    if not found:
        return []
    more = reverse("projects:index")
    return [Section(title=_("Micro-initiatives"), results=found, more_url=more, total=len(found))]
