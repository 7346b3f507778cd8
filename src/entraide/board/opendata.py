"""The board's open data, listed on /donnees-ouvertes/ (see entraide.core.open_data)."""

from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.core.open_data import Dataset, Distribution

from .models import Post


def datasets(request: HttpRequest) -> list[Dataset]:
    updated = Post.objects.in_territory(request.territory).open().aggregate(last=Max("created_at"))["last"]
    return [
        Dataset(
            identifier="tableau-flux",
            title=_("Open posts of the board"),
            purpose=_(
                "The requests and offers open right now, as a feed: a feed reader or another website "
                "shows the new ones as they come. Only what residents chose to make public."
            ),
            distributions=[Distribution(reverse("board:feed"), "application/atom+xml", _("Atom feed"))],
            schema_name="Atom (RFC 4287)",
            schema_url="https://www.rfc-editor.org/rfc/rfc4287",
            last_update=updated,
        )
    ]
