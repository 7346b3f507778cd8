"""Emails of the board. They carry links, never the text of private messages."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation

from entraide.territories.models import Territory


def absolute_url(territory: Territory, path: str) -> str:
    hosts = territory.hostname_list
    host = hosts[0] if hosts else "127.0.0.1:8000"
    scheme = "http" if settings.DEBUG or not hosts else "https"
    return f"{scheme}://{host}{path}"


def _render(template: str, context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(template, context)
    subject, _sep, body = text.strip().partition("\n")
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.strip(), body.strip() + "\n"


def email(to: str | None, template: str, **context) -> None:
    if not to:
        return
    subject, body = _render(template, context)
    send_mail(subject, body, None, [to])


def email_many(recipients: Iterable[str], template: str, **context) -> None:
    subject, body = _render(template, context)
    send_mass_mail([(subject, body, None, [to]) for to in recipients if to])
