"""The directory's part of the site search (entraide.pages.site_search): published initiatives."""

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.pages.site_search import MAX_RESULTS, Result, Section

from .forms import FilterForm
from .models import Initiative


def results(request: HttpRequest, query: str) -> list[Section]:
    form = FilterForm({"q": query}, territory=request.territory)
    initiatives = form.filtered(Initiative.objects.in_territory(request.territory).published().for_listing())
    initiatives = initiatives.order_by("name", "pk")
    found = [
        Result(
            title=initiative.name, url=initiative.get_absolute_url(), summary=initiative.get_kind_display()
        )
        for initiative in initiatives[:MAX_RESULTS]
    ]
    total = initiatives.count() if len(found) == MAX_RESULTS else len(found)
    more = reverse("directory:list") + "?" + urlencode({"q": query})
    return [Section(title=_("Initiatives"), results=found, more_url=more, total=total)]
