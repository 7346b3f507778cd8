"""Keeping the directory up to date: entries not checked for 12 months, holders asked to confirm."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from .factories import HolderFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.localdate() - datetime.timedelta(days=400)


def test_the_referent_sees_entries_not_checked_for_a_year(client_for, referent, commune):
    InitiativeFactory(commune=commune, name="Ancienne fictive", last_checked_on=LONG_AGO)
    InitiativeFactory(commune=commune, name="Récente fictive")
    page = client_for(referent).get("/initiatives/a-verifier/").text
    assert "Ancienne fictive" in page
    assert "Récente fictive" not in page


def test_holders_of_stale_entries_are_asked_to_confirm(client_for, referent, commune, resident, neighbour):
    stale = InitiativeFactory(commune=commune, name="Ancienne fictive", last_checked_on=LONG_AGO)
    HolderFactory(initiative=stale, user=resident)
    HolderFactory(initiative=stale, user=neighbour, confirmed=False)
    fresh = InitiativeFactory(commune=commune)
    HolderFactory(initiative=fresh, user=neighbour)
    client_for(referent).post("/initiatives/a-verifier/")
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert f"/initiatives/{stale.slug}/" in mail.outbox[0].body


@pytest.mark.parametrize("persona", ["resident", "coordinator"])
def test_only_referents_see_the_upkeep_pages(client_for, request, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get("/initiatives/a-verifier/").status_code == 403
    assert client_for(user).get("/initiatives/a-valider/").status_code == 403


def test_the_initiative_page_says_when_it_may_be_out_of_date(anonymous, commune):
    initiative = InitiativeFactory(commune=commune, last_checked_on=LONG_AGO)
    text = anonymous.get(f"/initiatives/{initiative.slug}/").text
    assert "out of date" in text or "plus à jour" in text or "périmée" in text
