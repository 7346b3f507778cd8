"""Multi-step operations on people, each in one transaction."""

import datetime

from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from allauth.core import context
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext

from .models import Consent, ProxyAction, User


@transaction.atomic
def create_assisted_person(
    *, referent: User, profile: User, consent_given_on: datetime.date, consent_method: str
) -> User:
    """Create an assisted person with their recorded consent, marked as entered by `referent`."""
    profile.territory = referent.territory
    profile.is_assisted = True
    profile.email = None
    profile.set_unusable_password()
    profile.save()
    Consent.objects.create(
        person=profile, recorded_by=referent, given_on=consent_given_on, method=consent_method
    )
    record_proxy_action(referent, profile, gettext("profile created"))
    return profile


@transaction.atomic
def save_profile_on_behalf(*, referent: User, form) -> User:
    person = form.save()
    record_proxy_action(referent, person, gettext("profile updated"))
    return person


def record_proxy_action(referent: User, person: User, summary: str) -> ProxyAction:
    return ProxyAction.objects.create(
        territory=person.territory, referent=referent, person=person, summary=summary
    )


@transaction.atomic
def give_login(request: HttpRequest, *, referent: User, person: User, email: str) -> None:
    """Turn an assisted person into a person with their own login.

    The email is recorded and a password-setting link is sent there; the
    address is confirmed when the person uses the link.
    """
    person.email = email
    person.is_assisted = False
    person.save(update_fields=["email", "is_assisted"])
    EmailAddress.objects.create(user=person, email=email, primary=True, verified=False)
    record_proxy_action(referent, person, gettext("login given, password link sent"))
    transaction.on_commit(lambda: send_password_link(request, email))


def send_password_link(request: HttpRequest, email: str) -> None:
    """Email a link to choose a password (allauth's password reset)."""
    form = ResetPasswordForm(data={"email": email})
    if form.is_valid():
        with context.request_context(request):
            form.save(request)
