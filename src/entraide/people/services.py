"""Multi-step operations on people, each in one transaction."""

import datetime

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from entraide.core import emails
from entraide.core.discovery import app_modules

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
def give_login(*, referent: User, person: User, email: str) -> None:
    """Turn an assisted person into a person with their own login.

    The email is recorded and a link to choose a password is queued for it; the
    address is confirmed when the person uses the link.
    """
    person.email = email
    person.is_assisted = False
    person.save(update_fields=["email", "is_assisted"])
    EmailAddress.objects.create(user=person, email=email, primary=True, verified=False)
    record_proxy_action(referent, person, gettext("login given, password link sent"))
    key = {"uidb36": user_pk_to_url_str(person), "key": default_token_generator.make_token(person)}
    emails.send(
        "people/email/login_given",
        to=person,
        context={
            "referent": referent,
            "password_url": emails.absolute_url(
                person.territory, reverse("account_reset_password_from_key", kwargs=key)
            ),
        },
        territory=person.territory,
    )


def export_personal_data(person: User) -> dict:
    """Everything the platform holds about `person`, app by app, for them to download."""
    data = {"generated_at": timezone.now().isoformat()}
    for module in app_modules("privacy"):
        if hasattr(module, "export"):
            data[module.__name__.split(".")[1]] = module.export(person)
    return data


@transaction.atomic
def erase_person(person: User, *, by: User | None = None) -> None:
    """Erase a person's data; keep, anonymised, what the records of others need.

    Each app's `privacy.erase(person)` removes or anonymises its own rows first
    (private messages, notes…). The account row stays, so that exchanges and the
    time bank's ledger keep balancing, but it no longer identifies anyone.
    """
    for module in app_modules("privacy"):
        if hasattr(module, "erase"):
            module.erase(person)
    EmailAddress.objects.filter(user=person).delete()
    person.email = None
    person.display_name = gettext("Former resident")
    person.phone = ""
    person.presentation = ""
    person.can_help_with = ""
    person.age_bracket = ""
    person.neighbourhood = None
    person.is_active = False
    person.is_assisted = False
    person.set_unusable_password()
    person.save()
    if by is not None:
        record_proxy_action(by, person, gettext("personal data deleted at their request"))
