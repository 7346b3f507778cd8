"""What feedback can be about: each app registers its kind of subject.

    register(Kind("meetup", _("a meetup"), can_give=may_give_feedback, url=occurrence_url))

`can_give(user, territory, subject)` says whether this person may give feedback on the
subject (a public id: they took part, it is over); `url(territory, subject)` where to go
back to afterwards, or "".

Optional, so the question comes at the moment it matters:
- `subject_of(user, territory, obj)`: the subject this person may give feedback on about a
  page's object (e.g. the exchange recorded for a board post), or None; one query.
  `{% feedback_about "exchange" post %}` shows the one-click form with it.
- `pending(user, territory, limit)`: what still waits for this person's feedback, as
  `(list of Pending, total)` in one query; the personal home lists it (evaluation.home).
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
    subject_of: Callable[..., uuid.UUID | None] | None = None
    pending: Callable[..., tuple[list["Pending"], int]] | None = None


@dataclass(frozen=True)
class Pending:
    subject: uuid.UUID
    label: str  # what it was, e.g. "Aide reçue de Karim B."
    detail: str = ""  # e.g. its date


REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    REGISTRY[kind.key] = kind
    return kind


def get(key: str) -> Kind | None:
    return REGISTRY.get(key)


def may_give(user, territory, key: str, subject: uuid.UUID) -> bool:
    kind = get(key)
    return bool(kind and user.is_authenticated and kind.can_give(user, territory, subject))
