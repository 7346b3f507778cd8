"""Retention: inactive accounts are warned, then anonymised; assisted persons go to their referents.

Time is frozen by passing `now` to `purge_inactive`, as the daily command would see it.
"""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from entraide.board.enums import PostStatus
from entraide.board.models import Post
from entraide.people.models import User
from entraide.people.retention import purge_inactive
from entraide.people.services import record_proxy_action

from ..board.factories import PostFactory
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime.datetime(2026, 1, 5, 10, 0))


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def sleeper(commune):
    """A resident who logged in once, on START, and posted."""
    person = UserFactory(commune=commune, display_name="Dormeur D.", date_joined=START, last_login=START)
    PostFactory(author=person, title="Prêt de perceuse")
    return person


def test_it_leaves_an_account_alone_before_the_notice(territory, sleeper):
    outcome = purge_inactive(territory, now=START + days(3 * 365 - 40))
    assert outcome.warned == [] and outcome.erased == []
    assert mail.outbox == []


def test_it_warns_a_month_before_then_anonymises_a_month_later(territory, sleeper):
    warn_day = START + days(3 * 365 - 20)
    outcome = purge_inactive(territory, now=warn_day)
    assert outcome.warned == [sleeper] and outcome.erased == []
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [sleeper.email]
    assert (
        "sera anonymisé" in mail.outbox[0].body and "a.example.org/compte/connexion/" in mail.outbox[0].body
    )

    # The next days: no second email, nothing erased before the month is over.
    assert purge_inactive(territory, now=warn_day + days(1)).warned == []
    assert purge_inactive(territory, now=warn_day + days(29)).erased == []
    assert len(mail.outbox) == 1

    outcome = purge_inactive(territory, now=warn_day + days(31))
    assert outcome.erased == [sleeper]
    person = User.objects.get(pk=sleeper.pk)
    assert not person.is_active and person.email is None and person.display_name != "Dormeur D."
    assert Post.objects.get(author=person).status == PostStatus.WITHDRAWN
    # Safe to run twice.
    again = purge_inactive(territory, now=warn_day + days(32))
    assert again.erased == [] and again.warned == []


def test_logging_in_after_the_warning_keeps_the_account(territory, sleeper):
    warn_day = START + days(3 * 365 - 20)
    purge_inactive(territory, now=warn_day)
    User.objects.filter(pk=sleeper.pk).update(last_login=warn_day + days(5))
    outcome = purge_inactive(territory, now=warn_day + days(40))
    assert outcome.erased == [] and outcome.warned == []
    assert User.objects.get(pk=sleeper.pk).is_active
    # Inactive again for the whole period: warned again.
    assert purge_inactive(territory, now=warn_day + days(5 + 3 * 365 - 20)).warned == [sleeper]


def test_the_period_is_the_territorys(territory, sleeper):
    territory.retention_years = 1
    territory.save()
    assert purge_inactive(territory, now=START + days(365 - 20)).warned == [sleeper]


def test_it_never_erases_an_assisted_person_but_tells_their_referents_once(territory, commune, referent):
    person = UserFactory(commune=commune, assisted=True, display_name="Germaine V.", date_joined=START)
    record_proxy_action(referent, person, "profil créé")
    User.objects.filter(pk=referent.pk).update(last_login=START + days(4 * 365))
    from entraide.people.models import ProxyAction

    ProxyAction.objects.filter(person=person).update(created_at=START)
    later = START + days(3 * 365 + 60)
    outcome = purge_inactive(territory, now=later)
    assert outcome.erased == [] and outcome.referents_told == {referent: [person]}
    assert [m.to for m in mail.outbox] == [[referent.email]]
    assert (
        "Germaine V." in mail.outbox[0].body
        and f"/accueil/personnes/{person.public_id}/" in mail.outbox[0].body
    )
    assert purge_inactive(territory, now=later + days(400)).referents_told == {}
    assert User.objects.get(pk=person.pk).is_active
    # Something entered on their behalf counts as activity: told again only after a new period.
    record_proxy_action(referent, person, "profil mis à jour")
    ProxyAction.objects.filter(summary="profil mis à jour").update(created_at=later + days(1))
    assert purge_inactive(territory, now=later + days(3 * 365 - 1)).referents_told == {}
    assert purge_inactive(territory, now=later + days(3 * 365 + 5)).referents_told == {referent: [person]}


def test_the_daily_command_reports_per_territory(territory, other_territory, sleeper, capsys):
    call_command("people", "purge-inactive")
    out = capsys.readouterr().out
    assert "coufouleux: 0 warned, 0 anonymised" in out and "ailleurs:" in out


def test_the_warnings_are_built_like_every_email_in_the_person_language(territory, sleeper, settings):
    settings.URL_SCHEME = "https"  # core.emails.absolute_url: the territory's host, the configured scheme
    User.objects.filter(pk=sleeper.pk).update(language="en")
    purge_inactive(territory, now=START + days(3 * 365 - 20))
    (message,) = mail.outbox
    assert message.subject.startswith("[Entraide] ") and "will be deleted" in message.subject
    assert "https://a.example.org/compte/connexion/" in message.body
    assert "Coufouleux et alentours" in message.body.split("\n-- \n")[1]  # the territory's signature
