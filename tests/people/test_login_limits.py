"""Password guessing is limited without locking the rightful owner out (issue 8, item 6)."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from entraide.people import login_limits
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/compte/connexion/"


def log_in(client, email, password, ip="10.0.0.1", **headers):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip, **headers)


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


def sent_code() -> str:
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)


@pytest.fixture
def clock(monkeypatch):
    """The delays' clock, moved by hand."""
    now = [1_000_000.0]
    monkeypatch.setattr(login_limits.time, "time", lambda: now[0])
    return now


def test_a_guesser_at_one_address_is_stopped_but_the_owner_elsewhere_logs_in(client_for, resident):
    guesser, owner = client_for(), client_for()
    for _ in range(5):
        assert not logged_in(guesser) and log_in(guesser, resident.email, "wrong").status_code == 400
    response = log_in(guesser, resident.email, PASSWORD)
    assert not logged_in(guesser)
    assert "Trop de tentatives" in response.text
    assert "code de connexion" in response.text
    log_in(owner, resident.email, PASSWORD, ip="10.9.9.9")
    assert logged_in(owner)


def test_a_shared_address_is_not_refused_after_ten_failures(client_for, resident, commune):
    """A town hall's desk: several people mistype their password from one address."""
    for _ in range(12):
        person = UserFactory(commune=commune)
        log_in(client_for(), person.email, "wrong")
    desk = client_for()
    log_in(desk, resident.email, PASSWORD)
    assert logged_in(desk)


def test_a_guesser_spread_over_many_addresses_meets_growing_delays(client_for, resident, clock):
    for n in range(10):
        log_in(client_for(), resident.email, "wrong", ip=f"10.1.0.{n}")
    owner = client_for()
    response = log_in(owner, resident.email, PASSWORD, ip="10.2.0.1")
    assert not logged_in(owner)
    assert "attendez 1 minute" in response.text
    clock[0] += 16
    log_in(owner, resident.email, PASSWORD, ip="10.2.0.1")
    assert logged_in(owner)
    assert login_limits.seconds_to_wait(resident.email) == 0  # the owner's login cleared the delays


def test_each_delay_is_longer_than_the_last_up_to_an_hour():
    delays = [login_limits.delay_after(n) for n in range(9, 20)]
    assert delays[:4] == [0, 15, 30, 60]
    assert delays == sorted(delays)
    assert delays[-1] == 3600


def test_the_owner_gets_back_in_with_a_code_by_email_while_delayed(client_for, resident, clock):
    for n in range(14):
        clock[0] += login_limits.seconds_to_wait(resident.email)
        log_in(client_for(), resident.email, "wrong", ip=f"10.1.0.{n}")
    assert login_limits.seconds_to_wait(resident.email) > 60
    owner = client_for()
    mail.outbox.clear()
    response = owner.post(reverse("account_request_login_code"), {"email": resident.email})
    assert response.status_code == 302
    code = sent_code()
    owner.post(reverse("account_confirm_login_code"), {"code": code})
    assert logged_in(owner)
    assert login_limits.seconds_to_wait(resident.email) == 0


def test_a_login_code_does_not_open_another_territorys_site(client_for, outsider, territory):
    client = client_for()  # on the resident's territory host
    mail.outbox.clear()
    client.post(reverse("account_request_login_code"), {"email": outsider.email})
    # No code is sent (tests/people/test_account_emails.py): the person is told where to log in.
    assert not re.search(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", mail.outbox[-1].body, re.MULTILINE)
    assert not logged_in(client)


def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_help(client_for, resident):
    guesser = client_for()
    for n in range(5):
        log_in(guesser, resident.email, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    log_in(guesser, resident.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert not logged_in(guesser)


def test_behind_a_trusted_proxy_each_visitor_counts_alone(client_for, resident, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.254"
    guesser = client_for()
    for _ in range(5):
        log_in(guesser, resident.email, "wrong", ip=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1")
    owner = client_for()
    log_in(owner, resident.email, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert logged_in(owner)


def test_the_trusted_proxy_count_comes_from_the_environment():
    from django.conf import settings

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0  # nothing trusted unless configured
