"""allauth's account views under French addresses, since people read and dictate them.

The view names stay allauth's (`account_login`, …) so that allauth's own
redirects and templates keep working.
"""

from allauth.account import urls as allauth_urls
from django.urls import path, re_path
from django.urls.resolvers import RoutePattern

FRENCH_ROUTES = {
    "account_login": "connexion/",
    "account_logout": "deconnexion/",
    "account_inactive": "inactif/",
    "account_signup": "inscription/",
    "account_reauthenticate": "reauthentification/",
    "account_email": "adresses/",
    "account_email_verification_sent": "confirmation/",
    "account_confirm_email": r"^confirmation/(?P<key>[-:\w]+)/$",
    "account_change_password": "mot-de-passe/",
    "account_set_password": "mot-de-passe/choisir/",
    "account_reset_password": "mot-de-passe/oubli/",
    "account_reset_password_done": "mot-de-passe/oubli/envoye/",
    "account_reset_password_from_key": r"^mot-de-passe/nouveau/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
    "account_reset_password_from_key_done": "mot-de-passe/nouveau/fait/",
    "account_confirm_login_code": "connexion/code/",
}


def _french(pattern):
    route = FRENCH_ROUTES.get(pattern.name)
    if route is None:
        return pattern
    make = path if isinstance(pattern.pattern, RoutePattern) else re_path
    return make(route, pattern.callback, name=pattern.name)


urlpatterns = [_french(p) for p in allauth_urls.urlpatterns]
