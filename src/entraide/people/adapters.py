import math

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from entraide.core import emails

from . import login_limits


class AccountAdapter(DefaultAccountAdapter):
    """Every account created on a host belongs to that host's territory."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.territory = request.territory
        user.display_name = form.cleaned_data["display_name"]
        user.commune = form.cleaned_data.get("commune")
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context_data):
        # Built and queued like every email (core.emails): plain text, the territory's signature.
        emails.send(
            template_prefix,
            to=email,
            context={"email": email, **context_data},
            territory=context.request.territory,
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

    def login(self, request, user):
        super().login(request, user)
        login_limits.forget(user.email)  # the owner is back: no delay left for them
