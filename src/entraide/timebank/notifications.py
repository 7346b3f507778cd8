"""The emails of the time bank, all in one place; texts in templates/timebank/email/.

The first line of a template is the subject, the rest the body. An assisted person has no
email: their referents are told instead, and answer for them.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from entraide.people import rules as people_rules

from .models import Claim, TimebankSettings


def _absolute_url(claim: Claim, path: str) -> str:
    hosts = claim.territory.hostname_list
    host = hosts[0] if hosts else "127.0.0.1:8000"
    scheme = "http" if settings.DEBUG or not hosts else "https"
    return f"{scheme}://{host}{path}"


def _send(recipients: list[str], template: str, **context) -> None:
    recipients = [to for to in recipients if to]
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"timebank/email/{template}.txt", context)
    subject, _sep, body = text.strip().partition("\n")
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.strip()
    send_mass_mail([(subject, body.strip() + "\n", None, [to]) for to in recipients])


def _about(claim: Claim) -> tuple[list[str], str, str]:
    """Who is told about `claim`, which template suffix, and the page where they answer."""
    if claim.receiver.is_assisted:
        referents = people_rules.referents_of(claim.receiver).exclude(pk=claim.helper_id)
        emails = list(referents.exclude(email=None).exclude(email="").values_list("email", flat=True))
        return emails, "_referent", _absolute_url(claim, reverse("timebank:desk_claims"))
    return [claim.receiver.email], "", _absolute_url(claim, reverse("timebank:account"))


def claim_recorded(claim: Claim) -> None:
    """Help was recorded: the receiver (or an assisted receiver's referents) confirms or disputes."""
    recipients, suffix, url = _about(claim)
    _send(recipients, f"claim_recorded{suffix}", claim=claim, url=url)


def claim_reminder(claim: Claim, timebank_settings: TimebankSettings) -> None:
    """Nobody answered after `reminder_days`: remind the receiver, or an assisted receiver's referents."""
    recipients, suffix, url = _about(claim)
    _send(
        recipients, f"claim_reminder{suffix}", claim=claim, url=url, days=timebank_settings.auto_confirm_days
    )
