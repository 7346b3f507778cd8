"""`entraide directory remind-stale`: holders of entries not checked for a year, asked at most monthly."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from entraide.directory import services
from entraide.directory.models import Initiative

from ..factories import UserFactory
from .factories import HolderFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = TODAY - datetime.timedelta(days=400)


def run() -> str:
    out = io.StringIO()
    call_command("directory", "remind-stale", stdout=out)
    return out.getvalue()


def test_the_daily_job_asks_holders_once_a_month_and_records_when(commune, resident, neighbour):
    stale = InitiativeFactory(commune=commune, name="Ancienne fictive", last_checked_on=LONG_AGO)
    HolderFactory(initiative=stale, user=resident)
    HolderFactory(initiative=stale, user=neighbour, confirmed=False)
    HolderFactory(initiative=InitiativeFactory(commune=commune), user=neighbour)  # checked recently
    output = run()
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert "http://a.example.org/initiatives/" in mail.outbox[0].body
    assert "Ancienne fictive" in output
    stale.refresh_from_db()
    assert stale.holders_reminded_on == TODAY
    run()  # the next day's run: nothing new
    assert len(mail.outbox) == 1


def test_holders_are_asked_again_after_a_month(commune, resident):
    stale = InitiativeFactory(commune=commune, last_checked_on=LONG_AGO)
    HolderFactory(initiative=stale, user=resident)
    Initiative.objects.filter(pk=stale.pk).update(holders_reminded_on=TODAY - datetime.timedelta(days=29))
    services.remind_stale_holders(commune.territory)
    assert not mail.outbox
    Initiative.objects.filter(pk=stale.pk).update(holders_reminded_on=TODAY - datetime.timedelta(days=30))
    sent, asked = services.remind_stale_holders(commune.territory)
    assert (sent, asked) == (1, [stale])


def test_people_without_an_email_and_proposals_are_left_alone(commune, resident):
    assisted = UserFactory(commune=commune, email="", is_assisted=True)
    alone = InitiativeFactory(commune=commune, last_checked_on=LONG_AGO)
    HolderFactory(initiative=alone, user=assisted)
    proposal = InitiativeFactory(commune=commune, last_checked_on=LONG_AGO, proposed=True)
    HolderFactory(initiative=proposal, user=resident)
    assert services.remind_stale_holders(commune.territory) == (0, [])
    alone.refresh_from_db()
    assert alone.holders_reminded_on is None  # nobody was asked: still due


def test_the_referent_sees_when_holders_were_asked_and_the_button_keeps_the_limit(
    client_for, referent, commune, resident
):
    stale = InitiativeFactory(commune=commune, name="Ancienne fictive", last_checked_on=LONG_AGO)
    HolderFactory(initiative=stale, user=resident)
    run()
    page = client_for(referent).get("/initiatives/a-verifier/").text
    assert "Ancienne fictive" in page and TODAY.strftime("%d/%m/%Y") in page
    client_for(referent).post("/initiatives/a-verifier/")
    assert len(mail.outbox) == 1


def test_each_territory_emails_from_its_own_host(commune, resident, outsider):
    HolderFactory(initiative=InitiativeFactory(commune=commune, last_checked_on=LONG_AGO), user=resident)
    HolderFactory(
        initiative=InitiativeFactory(commune=outsider.commune, last_checked_on=LONG_AGO), user=outsider
    )
    run()
    hosts = sorted(m.body.split("://")[1].split("/")[0] for m in mail.outbox)
    assert hosts == ["a.example.org", "b.example.org"]
