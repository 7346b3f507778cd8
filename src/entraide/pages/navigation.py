"""A second way around the site (RGAA 12.1): the site map and the site search; and the
accessibility statement every page's footer links to."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .site_search import search


@login_not_required
def site_map(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/site_map.html")


@login_not_required
def site_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    sections = search(request, query) if query else []
    return render(
        request,
        "pages/search.html",
        {"query": query, "sections": sections, "total": sum(section.total for section in sections)},
    )


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")
