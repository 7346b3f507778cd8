"""Every lending page, on the demo data, as each persona, passes the audit without a browser
(tests/audit.py: unique ids, one h1, no skipped level, named landmarks, no English without lang)."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from entraide.lending.models import Booking
from entraide.people.models import User

from ..audit import problems

pytestmark = pytest.mark.django_db


def test_every_lending_page_passes_the_audit(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    chairs = Booking.objects.get(item__slug="40-chaises")
    drill = Booking.objects.get(item__slug="perceuse")
    pages = {
        None: ["/pret/", "/pret/salle-des-fetes-de-coufouleux/", "/pret/affiches-a3/"],
        "habitant3": [
            "/pret/",
            "/pret/?kind=object",
            "/pret/perceuse/",
            "/pret/salle-des-fetes-de-coufouleux/",
            "/pret/affiches-a3/",
            "/pret/mes-prets/",
            "/pret/preter-un-objet/",
            chairs.get_absolute_url(),
            drill.get_absolute_url(),
        ],
        "habitant2": ["/pret/perceuse/modifier/", drill.get_absolute_url()],
        "referent.81070": [
            "/accueil/pret/",
            "/accueil/pret/ajouter/",
            "/accueil/pret/salle-des-fetes-de-coufouleux/reserver/",
            "/pret/salle-des-fetes-de-coufouleux/modifier/",
            chairs.get_absolute_url(),
            "/accueil/",
        ],
    }
    failures = {}
    for persona, paths in pages.items():
        client = Client()
        if persona:
            client.force_login(User.objects.get(email=f"{persona}@demo.entraide.invalid"))
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, f"{persona} {path}: {response.status_code}"
            found = problems(response.content.decode())
            if found:
                failures[f"{persona} {path}"] = found
    assert not failures, failures
