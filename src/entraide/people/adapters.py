import logging
import math
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from entraide.core import emails

from . import login_limits
from .models import User

logger = logging.getLogger(__name__)

# allauth's emails carrying a code that logs in on the site where it was asked.
CODE_TEMPLATES = {"account/email/login_code", "account/email/password_reset_code"}


def _person_of(email: str) -> User | None:
    """The account an address belongs to: its main address, or one it added (allauth)."""
    person = User.objects.filter(email__iexact=email).first()
    if person is None:
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        person = address.user if address else None
    return person


def _on_site(value, territory):
    """An absolute link built by allauth from the request's host, moved to the territory's own site."""
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        parts = urlsplit(value)
        return emails.absolute_url(territory, urlunsplit(("", "", parts.path, parts.query, parts.fragment)))
    return value


class AccountAdapter(DefaultAccountAdapter):
    """Every account created on a host belongs to that host's territory."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.territory = request.territory
        user.display_name = form.cleaned_data["display_name"]
        user.commune = form.cleaned_data.get("commune")
        language = (translation.get_language() or "").split("-")[0]
        if language in dict(settings.LANGUAGES):
            user.language = language  # the language the person signed up in writes their emails
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context_data):
        """Built and queued like every email (core.emails), on the recipient's own site.

        allauth builds its links from the request's host; they are moved to the territory's
        own address (emails.absolute_url). A person's emails go to their territory's site, in
        their language. A sign-in code asked on another territory's site is not sent: it would
        not open the account there (pre_login refuses it); the person is told where to log in.
        """
        here = getattr(context.request, "territory", None)
        person = _person_of(email)
        territory = here
        if person is not None and person.territory_id and not person.is_superuser:
            if template_prefix in CODE_TEMPLATES and person.territory_id != getattr(here, "pk", None):
                logger.info("Sign-in code for another territory's person refused.")
                emails.send(
                    "people/email/login_elsewhere",
                    to=email,
                    language=person.language,
                    context={
                        "asked_on": here,
                        "login_url": emails.absolute_url(person.territory, reverse("account_login")),
                    },
                    territory=person.territory,
                )
                return
            territory = person.territory
        if territory is None:
            raise ImproperlyConfigured("An account email needs a territory: none from the request or person.")
        emails.send(
            template_prefix,
            to=email,
            language=getattr(person, "language", None),
            context={
                "email": email,
                **{key: _on_site(value, territory) for key, value in context_data.items()},
            },
            territory=territory,
        )

    # Login limits (see login_limits and ACCOUNT_RATE_LIMITS) --------------------

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed logins. Try again later, or choose “Send me a sign-in code” to receive "
            "a code by email."
        ),
    }

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth's "per key" limit counts one account at one address: a guesser
        # elsewhere cannot lock the owner out with it.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        wait = login_limits.seconds_to_wait(credentials.get("email", ""))
        if wait:
            minutes = math.ceil(wait / 60)
            raise forms.ValidationError(
                ngettext(
                    "Too many wrong passwords for this account: wait %(minutes)s minute before trying "
                    "again, or choose “Send me a sign-in code” to receive a code by email.",
                    "Too many wrong passwords for this account: wait %(minutes)s minutes before trying "
                    "again, or choose “Send me a sign-in code” to receive a code by email.",
                    minutes,
                )
                % {"minutes": minutes},
                code="login_delayed",
            )
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials):
        login_limits.record_failure(credentials.get("email", ""))

    def _delete_login_attempts_cached_email(self, request, **credentials):
        super()._delete_login_attempts_cached_email(request, **credentials)
        login_limits.forget(credentials.get("email"))

    def pre_login(self, request, user, **kwargs):
        # A login code or a password reset must not open another territory's site.
        territory = getattr(request, "territory", None)
        if not user.is_superuser and territory is not None and user.territory_id != territory.pk:
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            raise PermissionDenied
        return super().pre_login(request, user, **kwargs)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        # On a device without a choice of its own, the site speaks the language kept on the account.
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and user.language != settings.LANGUAGE_CODE:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    def login(self, request, user):
        super().login(request, user)
        login_limits.forget(user.email)  # the owner is back: no delay left for them
