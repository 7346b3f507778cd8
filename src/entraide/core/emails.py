"""Every email of Entraide is built here, then queued in the database.

`send(template, to=…, context=…, territory=…)` renders the template in the
recipient's language as plain text (autoescape off: `Besoin d'aide`, never
`Besoin d&#x27;aide`), adds the subject prefix and the territory's signature,
and, on a notification, an unsubscribe link and the `List-Unsubscribe` headers.
Links come from `absolute_url(territory, path)`: the territory's own host and
the configured scheme, with or without a request.

A template is `<name>.txt`, its first line the subject and the rest the body;
allauth's pairs `<name>_subject.txt` + `<name>_message.txt` are read too.

The message goes through EMAIL_BACKEND, `QueueBackend` (django-post-office):
it is written to the database in the transaction of the action that sends it,
and `entraide send_queued_mail` delivers the queue, retrying on failure
(docs/deployment.md). An SMTP outage never fails an action nor loses an email.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from post_office.backends import EmailBackend as PostOfficeBackend

from .discovery import app_modules
from .text import end_sentence

if TYPE_CHECKING:
    from entraide.people.models import User
    from entraide.territories.models import Territory

logger = logging.getLogger(__name__)

SIGNATURE = "core/email/signature.txt"
UNSUBSCRIBE_SALT = "entraide.core.emails.unsubscribe"


def absolute_url(territory: Territory, path: str) -> str:
    """`path` on the territory's own site: its first host name, or DEFAULT_HOST if it has none."""
    hosts = territory.hostname_list
    host = hosts[0] if hosts else settings.DEFAULT_HOST
    if not host:
        raise ImproperlyConfigured(
            f"The territory {territory.slug!r} has no host name and DEFAULT_HOST is empty: "
            "emails would carry no valid link."
        )
    return f"{settings.URL_SCHEME}://{host}{path}"


def send(
    template: str,
    *,
    to: User | str | None,
    context: dict | None = None,
    territory: Territory,
    notification: bool = False,
    language: str | None = None,
) -> EmailMessage | None:
    """Queue one email to a person (in their language) or an address (in French).

    `language` is for an address whose person is known (allauth writes to an address): it
    wins over the person's own, which wins over the site's (settings.LANGUAGE_CODE).

    A notification (news the person chose to receive) carries an unsubscribe
    link and headers; it must go to a person. Returns the message, or None when
    there is no address to write to.
    """
    person = None if to is None or isinstance(to, str) else to
    address = to if isinstance(to, str) else getattr(person, "email", None)
    if not address:
        return None
    if notification and person is None:
        raise ValueError("A notification goes to a person, who can stop it.")
    context = {**(context or {}), "territory": territory, "site_url": absolute_url(territory, "/")}
    headers = {}
    if notification:
        url = unsubscribe_url(person)
        context["unsubscribe_url"] = url
        # RFC 8058: mail programs offer a one-click button that POSTs to this address.
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    with translation.override(language or getattr(person, "language", "") or settings.LANGUAGE_CODE):
        subject, body = render(template, context)
        signature = render_text(SIGNATURE, context).strip()
    message = EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        f"{body}\n\n-- \n{signature}\n",
        None,
        [address],
        headers=headers,
    )
    message.send()
    return message


def render(template: str, context: dict) -> tuple[str, str]:
    """(subject, body) of `template`, rendered as plain text."""
    try:
        get_template(f"{template}_subject.txt")
    except TemplateDoesNotExist:
        subject, _sep, body = render_text(f"{template}.txt", context).strip().partition("\n")
    else:
        subject = render_text(f"{template}_subject.txt", context)
        body = render_text(f"{template}_message.txt", context)
    return " ".join(subject.split()), body.strip()


def render_text(name: str, context: dict) -> str:
    """A template rendered without HTML escaping: emails are plain text."""
    return end_sentence(get_template(name).template.render(Context(context, autoescape=False)))


# Unsubscribing: a signed link that needs no login.


def unsubscribe_url(person: User) -> str:
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(person.public_id))
    return absolute_url(person.territory, reverse("core:unsubscribe", kwargs={"token": token}))


def person_for_unsubscribe(token: str, territory: Territory) -> User | None:
    """The person a token of `unsubscribe_url` names, if it is valid on this territory."""
    from entraide.people.models import User

    try:
        public_id = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return User.objects.in_territory(territory).filter(public_id=public_id, is_active=True).first()


@transaction.atomic
def unsubscribe(person: User) -> None:
    """Stop every notification: each app's `notifications.unsubscribe(person)` turns off its own."""
    for module in app_modules("notifications"):
        if hasattr(module, "unsubscribe"):
            module.unsubscribe(person)


# The queue.


class QueueBackend(PostOfficeBackend):
    """django-post-office's queue, written in the current transaction.

    With EMAIL_SEND_ON_COMMIT (development), the queue is also sent as soon as
    the transaction commits, so that `make run` prints each email at once.
    """

    def send_messages(self, email_messages):
        count = super().send_messages(email_messages)
        if email_messages and settings.EMAIL_SEND_ON_COMMIT:
            transaction.on_commit(send_queue, robust=True)
        return count


def send_queue() -> None:
    """Deliver what is due in the queue (failures stay queued for a later try)."""
    from post_office.mail import send_queued

    send_queued()
