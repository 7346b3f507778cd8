"""Emails of the board, built and queued by core.emails.

They carry links, never the text of private messages.
"""

from collections.abc import Iterable

from entraide.core import emails
from entraide.core.emails import absolute_url
from entraide.people.models import User

from .enums import Frequency
from .models import NotificationPreference, PendingNotification

__all__ = ["absolute_url", "email", "email_many", "unsubscribe"]

# News a person chose to receive: they end with a link to stop them (core.emails).
NOTIFICATIONS = {"board/email/new_post.txt", "board/email/digest.txt"}


def email(to: User | str | None, template: str, **context) -> None:
    """Queue `template` (`board/email/<name>.txt`) to a person, in their language, or to an address."""
    if not to:
        return
    notification = template in NOTIFICATIONS
    if notification and isinstance(to, str):  # news go to a person, who can stop them
        to = User.objects.filter(email=to).select_related("territory").first()
        if to is None:
            return
    territory = getattr(to, "territory", None) or context["post"].territory
    emails.send(
        template.removesuffix(".txt"), to=to, context=context, territory=territory, notification=notification
    )


def email_many(recipients: Iterable[User | str], template: str, **context) -> None:
    for to in recipients:
        email(to, template, **context)


def unsubscribe(person: User) -> None:
    """The link at the foot of the board's news: no more new posts, nor the digest waiting."""
    NotificationPreference.objects.update_or_create(user=person, defaults={"frequency": Frequency.NEVER})
    PendingNotification.objects.filter(user=person, sent_at=None).delete()
