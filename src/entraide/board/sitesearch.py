"""The board's part of the site search (entraide.pages.site_search): public posts."""

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.pages.site_search import MAX_RESULTS, Result, Section

from .forms import FilterForm
from .models import Post


def results(request: HttpRequest, query: str) -> list[Section]:
    form = FilterForm({"q": query}, territory=request.territory)
    posts = form.apply(Post.objects.in_territory(request.territory).public().for_cards())
    posts = posts.order_by("-created_at", "-pk")
    found = [
        Result(
            title=post.title,
            url=post.get_absolute_url(),
            summary=f"{post.get_kind_display()} · {post.category.display_name}",
        )
        for post in posts[:MAX_RESULTS]
    ]
    total = posts.count() if len(found) == MAX_RESULTS else len(found)
    more = reverse("board:list") + "?" + urlencode({"q": query})
    return [Section(title=_("Board"), results=found, more_url=more, total=total)]
