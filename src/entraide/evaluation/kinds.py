"""What feedback can be about: each app registers its kind of subject.

    register(Kind("meetup", _("a meetup"), can_give=may_give_feedback, url=occurrence_url))

`can_give(user, territory, subject)` says whether this person may give feedback on the
subject (a public id: they took part, it is over); `url(territory, subject)` where to go
back to afterwards, or "".
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    can_give: Callable[..., bool]
    url: Callable[..., str] = lambda territory, subject: ""


REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    REGISTRY[kind.key] = kind
    return kind


def get(key: str) -> Kind | None:
    return REGISTRY.get(key)


def may_give(user, territory, key: str, subject: uuid.UUID) -> bool:
    kind = get(key)
    return bool(kind and user.is_authenticated and kind.can_give(user, territory, subject))
