"""Lending's part of the site search: items of the catalogue the visitor may see."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.pages.site_search import MAX_RESULTS, Result, Section

from .models import Item


def results(request: HttpRequest, query: str) -> list[Section]:
    words = query.split()
    if not words:
        return []
    items = Item.objects.in_territory(request.territory).active().visible_to(request.user).defer("photo")
    for word in words[:5]:
        items = items.filter(name__icontains=word)
    found = [
        Result(title=item.name, url=item.get_absolute_url(), summary=item.get_kind_display())
        for item in items.order_by("name", "pk")[: MAX_RESULTS + 1]
    ]
    if not found:
        return []
    return [
        Section(
            title=_("Lending and sharing"),
            results=found[:MAX_RESULTS],
            more_url=reverse("lending:catalogue"),
            total=items.count() if len(found) > MAX_RESULTS else len(found),
        )
    ]
