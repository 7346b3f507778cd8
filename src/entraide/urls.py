from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from entraide.people.accounts_urls import urlpatterns as account_urlpatterns
from entraide.people.views import admin_login, set_language

handler500 = "entraide.pages.views.server_error"


urlpatterns = [
    path("", include("entraide.pages.urls")),
    path("compte/", include(account_urlpatterns)),
    path("", include("entraide.people.urls")),
    path("", include("entraide.board.urls")),
    path("", include("entraide.timebank.urls")),
    path("", include("entraide.directory.urls")),
    path("", include("entraide.diagnosis.urls")),
    path("", include("entraide.evaluation.urls")),
    path("", include("entraide.meetups.urls")),
    path("", include("entraide.lending.urls")),
    path("", include("entraide.projects.urls")),
    path("", include("entraide.coordination.urls")),
    path("", include("entraide.core.urls")),
    path("donnees-ouvertes/", include("entraide.core.open_data")),
    # Only sets the language cookie: no CSRF token, so public pages can be cached (core.cache).
    path("langue/", csrf_exempt(login_not_required(set_language)), name="set_language"),
    # One login page for everyone: the admin's own would refuse territory administrators.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
]
