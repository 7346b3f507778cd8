import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from entraide.people.models import User

pytestmark = pytest.mark.django_db

GOOD = {
    "display_name": "Lucie P.",
    "email": "lucie@example.org",
    "password1": "un mot de passe solide 42",
    "password2": "un mot de passe solide 42",
}


def signup(client, **changes):
    return client.post("/compte/inscription/", {**GOOD, **changes})


def test_it_creates_an_unconfirmed_account_in_the_hosts_territory(anonymous, territory, commune):
    response = signup(anonymous, commune=commune.pk)
    assert response.status_code == 302
    user = User.objects.get(email="lucie@example.org")
    assert user.territory == territory
    assert user.commune == commune
    assert user.display_name == "Lucie P."
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "/compte/confirmation/" in mail.outbox[0].body


def test_it_confirms_the_email_then_logs_in(anonymous, territory, commune):
    signup(anonymous)
    link = next(line for line in mail.outbox[0].body.splitlines() if "/compte/confirmation/" in line)
    path = link[link.index("/compte/") :].strip()
    assert anonymous.get(path).status_code == 200
    response = anonymous.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="lucie@example.org").verified
    assert anonymous.get("/compte/profil/").status_code == 200


@pytest.mark.parametrize(
    "changes",
    [
        {"email": "pas-un-email"},
        {"display_name": "x" * 500},
        {"display_name": ""},
        {"password2": "autre chose"},
    ],
)
def test_it_refuses_bad_input_and_stores_nothing(anonymous, territory, changes):
    response = signup(anonymous, **changes)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert not User.objects.exists()


def test_it_does_not_create_a_second_account_for_a_used_email(anonymous, resident):
    signup(anonymous, email=resident.email)
    assert User.objects.filter(email=resident.email).count() == 1


def test_it_escapes_html_and_script(anonymous, territory):
    signup(anonymous, display_name="<script>alert(1)</script>")
    user = User.objects.get()
    assert user.display_name == "<script>alert(1)</script>"
    user.emailaddress_set.update(verified=True)
    anonymous.force_login(user)
    page = anonymous.get("/compte/profil/").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_it_rate_limits_failed_logins(anonymous, resident):
    for _ in range(6):
        anonymous.post("/compte/connexion/", {"login": resident.email, "password": "faux"})
    response = anonymous.post(
        "/compte/connexion/", {"login": resident.email, "password": "un mot de passe solide 42"}
    )
    assert "_auth_user_id" not in anonymous.session
    assert response.status_code in (400, 429)


def test_it_logs_in_and_out_with_french_addresses(anonymous, resident):
    response = anonymous.post(
        "/compte/connexion/", {"login": resident.email, "password": "un mot de passe solide 42"}
    )
    assert response.status_code == 302
    assert anonymous.session["_auth_user_id"] == str(resident.pk)
    anonymous.post("/compte/deconnexion/")
    assert "_auth_user_id" not in anonymous.session


def test_the_confirmation_email_is_signed_by_the_territory(anonymous, territory):
    territory.contact_phone = "05 63 00 00 00"
    territory.save()
    signup(anonymous)
    body = mail.outbox[0].body
    assert "Coufouleux et alentours" in body and "05 63 00 00 00" in body
    assert "/compte/confirmation/" in body


def test_logging_in_leads_home(anonymous, resident):
    response = anonymous.post(
        "/compte/connexion/", {"login": resident.email, "password": "un mot de passe solide 42"}
    )
    assert response["Location"] == "/"
