"""The accounts' emails (allauth) open the person's own territory site, in their language, and a
sign-in code is never sent for another territory's account; the language is kept on the account."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from entraide.people.models import User
from entraide.territories.models import TerritoryHost

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

URL = re.compile(r"https?://[^\s>]+")
CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", re.MULTILINE)


def hosts(message) -> set[str]:
    return {urlsplit(url).netloc for url in URL.findall(message.body)}


@pytest.fixture
def alias(territory):
    """The territory is also served on a second host name; emails use its first one."""
    TerritoryHost.objects.create(territory=territory, name="alias.example.org")
    return "alias.example.org"


def test_the_password_reset_link_opens_the_territory_site_not_the_request_host(client_for, resident, alias):
    client_for(host=alias).post(reverse("account_reset_password"), {"email": resident.email})
    (message,) = mail.outbox
    assert message.to == [resident.email]
    assert hosts(message) == {"a.example.org"}
    assert "/compte/mot-de-passe/nouveau/" in message.body


def test_the_signup_confirmation_opens_the_territory_site(client_for, alias, commune):
    client_for(host=alias).post(
        "/compte/inscription/",
        {
            "display_name": "Lucie",
            "email": "lucie@example.org",
            "password1": "un mot de passe solide 42",
            "password2": "un mot de passe solide 42",
            "commune": commune.pk,
        },
    )
    (message,) = mail.outbox
    assert hosts(message) == {"a.example.org"}


def test_a_login_code_is_sent_on_the_person_own_site(client_for, resident, alias):
    client = client_for(host=alias)
    client.post(reverse("account_request_login_code"), {"email": resident.email})
    (message,) = mail.outbox
    code = CODE.search(message.body).group(0)
    assert hosts(message) <= {"a.example.org"}
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert client.session[SESSION_KEY] == str(resident.pk)


def test_a_login_code_asked_on_another_territory_site_is_not_sent(client_for, outsider):
    client = client_for()  # a.example.org; the outsider lives on b.example.org
    client.post(reverse("account_request_login_code"), {"email": outsider.email})
    (message,) = mail.outbox
    assert message.to == [outsider.email]
    assert not CODE.search(message.body), "no code for an account of another territory"
    assert "Votre compte appartient à «\u00a0Ailleurs\u00a0»" in message.body
    assert "http://b.example.org/compte/connexion/" in message.body
    assert hosts(message) == {"b.example.org"}
    assert SESSION_KEY not in client.session


def test_a_password_reset_asked_on_another_site_links_to_the_person_own_site(client_for, outsider):
    client_for().post(reverse("account_reset_password"), {"email": outsider.email})
    (message,) = mail.outbox
    assert hosts(message) == {"b.example.org"}


# The recipient's language


def test_an_english_speaker_gets_the_account_emails_in_english(client_for, resident):
    User.objects.filter(pk=resident.pk).update(language="en")
    client_for().post(reverse("account_reset_password"), {"email": resident.email})
    (message,) = mail.outbox
    assert "Password Reset" in message.subject or "password" in message.subject.lower()
    assert "Bonjour" not in message.body


def test_a_french_speaker_gets_them_in_french_even_from_an_english_page(client_for, resident):
    client = client_for()
    client.cookies["django_language"] = "en"
    client.post(reverse("account_reset_password"), {"email": resident.email})
    (message,) = mail.outbox
    assert "mot de passe" in message.subject.lower()


def test_a_new_account_keeps_the_language_it_signed_up_in(anonymous, commune):
    anonymous.cookies["django_language"] = "en"
    anonymous.post(
        "/compte/inscription/",
        {
            "display_name": "Lucy",
            "email": "lucy@example.org",
            "password1": "a strong password 42",
            "password2": "a strong password 42",
            "commune": commune.pk,
        },
    )
    assert User.objects.get(email="lucy@example.org").language == "en"
    (message,) = mail.outbox
    assert "Bonjour" not in message.body


def test_the_language_switch_keeps_the_choice_on_the_account(client_for, resident):
    client = client_for(resident)
    response = client.post("/langue/", {"language": "en", "next": "/"}, HTTP_ORIGIN="http://a.example.org")
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.language == "en"


def test_another_site_cannot_change_a_person_language(client_for, resident):
    client_for(resident).post(
        "/langue/", {"language": "en", "next": "/"}, HTTP_ORIGIN="https://evil.example.com"
    )
    client_for(resident).post("/langue/", {"language": "en", "next": "/"})  # no Origin, no Referer
    resident.refresh_from_db()
    assert resident.language == "fr"


def test_the_language_switch_still_works_for_visitors(anonymous):
    response = anonymous.post("/langue/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"


def test_the_profile_sets_the_language_of_emails(client_for, resident):
    page = client_for(resident).get("/compte/profil/")
    assert 'name="language"' in page.text
    data = {"display_name": resident.display_name, "commune": resident.commune_id, "language": "en"}
    data["neighbourhood"] = resident.neighbourhood_id
    assert client_for(resident).post("/compte/profil/", data).status_code == 302
    resident.refresh_from_db()
    assert resident.language == "en"


def test_an_assisted_person_profile_has_no_language_of_emails(territory, commune):
    from entraide.people.forms import ProfileForm

    person = UserFactory(commune=commune, assisted=True)
    assert "language" not in ProfileForm(instance=person, territory=territory).fields


def test_the_emails_for_unknown_or_existing_accounts_link_to_the_right_site(
    client_for, alias, outsider, commune
):
    # No account at this address: allauth says so (without telling the page), with a sign-up link.
    client_for(host=alias).post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    # Signing up here with the address of another territory's account: its owner is told, with
    # the links of their own site.
    client_for(host=alias).post(
        "/compte/inscription/",
        {
            "display_name": "Olivier",
            "email": outsider.email,
            "password1": "un mot de passe solide 42",
            "password2": "un mot de passe solide 42",
            "commune": commune.pk,
        },
    )
    unknown, existing = mail.outbox
    assert unknown.to == ["nobody@example.org"] and hosts(unknown) == {"a.example.org"}
    assert existing.to == [outsider.email] and hosts(existing) == {"b.example.org"}


def test_logging_in_on_a_new_device_speaks_the_account_language(client_for, resident):
    from tests.factories import PASSWORD

    User.objects.filter(pk=resident.pk).update(language="en")
    response = client_for().post("/compte/connexion/", {"login": resident.email, "password": PASSWORD})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    chosen_here = client_for()
    chosen_here.cookies["django_language"] = "fr"  # this device's own choice is kept
    response = chosen_here.post("/compte/connexion/", {"login": resident.email, "password": PASSWORD})
    assert response.status_code == 302 and "django_language" not in response.cookies
