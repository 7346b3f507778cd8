"""The board's part in the shared diagnosis: open offers count as resources,
requests that got no help as needs, per category and place (found by
`entraide.diagnosis.sources` through `SOURCES`)."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.diagnosis.sources import NEED, RESOURCE, Source, Tally
from entraide.territories.models import Territory

from .enums import PostKind, PostStatus
from .models import BoardSettings, Post

# Unanswered requests older than this no longer say much about today's needs.
WINDOW = datetime.timedelta(days=180)


def _tallies(posts, *, need: bool) -> list[Tally]:
    rows = posts.values("category_id", "commune_id", "neighbourhood_id").annotate(n=Count("pk")).order_by()
    return [
        Tally(
            r["category_id"],
            r["commune_id"],
            r["neighbourhood_id"],
            r["n"],
            people=r["n"] if need else None,
            uncovered=r["n"] if need else 0,
        )
        for r in rows
    ]


def open_offers(territory: Territory) -> list[Tally]:
    return _tallies(Post.objects.in_territory(territory).open().filter(kind=PostKind.OFFER), need=False)


def unanswered_requests(territory: Territory) -> list[Tally]:
    """Requests nobody replied to: expired without a reply, or open past the follow-up delay."""
    now = timezone.now()
    late = now - datetime.timedelta(days=BoardSettings.objects.for_territory(territory).follow_up_days)
    requests = Post.objects.in_territory(territory).filter(
        kind=PostKind.REQUEST, first_reply_at=None, created_at__gte=now - WINDOW
    )
    unanswered = requests.filter(
        Q(status=PostStatus.EXPIRED) | Q(status=PostStatus.OPEN, created_at__lte=late)
    )
    return _tallies(unanswered, need=True)


SOURCES = [
    Source("board_offers", _("offers on the board"), RESOURCE, open_offers),
    Source("board_unanswered", _("requests without help"), NEED, unanswered_requests, counts_people=True),
]
