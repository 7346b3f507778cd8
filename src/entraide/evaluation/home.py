"""What the evaluation adds to the personal home (entraide.core.home): the feedback still
waiting after a help, a meetup or a loan (each kind that says what waits: kinds.Kind.pending)."""

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.core.home import MAX_ITEMS, Item, Section

from . import kinds


def _feedback_url(kind: str, subject) -> str:
    return f"{reverse('evaluation:give')}?{urlencode({'kind': kind, 'subject': subject})}"


def personal(request: HttpRequest) -> list[Section]:
    items: list[Item] = []
    count = 0
    for kind in kinds.REGISTRY.values():
        if kind.pending is None:
            continue
        pending, total = kind.pending(request.user, request.territory, MAX_ITEMS)
        count += total
        items += [
            Item(label=p.label, url=_feedback_url(kind.key, p.subject), detail=p.detail) for p in pending
        ]
    if not count:
        return []
    return [
        Section(
            title=_("Your feedback, in one click"),
            url=items[0].url,
            items=items[:MAX_ITEMS],
            count=count,
            order=80,
        )
    ]
