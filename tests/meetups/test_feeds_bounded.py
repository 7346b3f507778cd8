"""The territory's calendar stays small and fast whatever the data size: a bounded window (three
months back, twelve ahead), at most `feeds.MAX_EVENTS` meetups (those to come first, and a note
pointing to the smaller feeds when some are left out), a feed per commune, and a copy kept for
anonymous calendar applications until something changes (ETag, 304). Read back by icalendar and
vobject. Queries with two sizes: tests/meetups/test_scale.py; timings: bench/meetups_bench.py."""

import datetime

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar

from entraide.meetups import feeds
from entraide.meetups.enums import MeetupStatus
from entraide.meetups.models import Meetup

from ..factories import CommuneFactory
from .factories import MeetupKindFactory, make_meetup

pytestmark = pytest.mark.django_db


def _published(referent, title, start, *, rule="", commune=None) -> Meetup:
    """A published meetup written as it is stored (its dates may lie in the past)."""
    return Meetup.objects.create(
        territory=referent.territory,
        kind=MeetupKindFactory(territory=referent.territory),
        title=title,
        commune=commune or referent.commune,
        address="Salle des fêtes",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        rrule=rule,
        last_starts_at=None if rule else start,
        status=MeetupStatus.PUBLISHED,
        proposed_by=referent,
        slug=slugify(title),
    )


def _titles(body: bytes) -> list[str]:
    vobject.readOne(body.decode())  # the second, independent parser reads it too
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(body).walk("VEVENT")]


def test_the_feed_covers_three_months_back_and_twelve_ahead(anonymous, referent):
    now = timezone.now().replace(microsecond=0)
    day = datetime.timedelta(days=1)
    _published(referent, "Trop ancienne", now - 100 * day)
    _published(referent, "Le mois dernier", now - 30 * day)
    _published(referent, "Dans onze mois", now + 330 * day)
    _published(referent, "Dans treize mois", now + 400 * day)
    _published(referent, "Chaque mardi depuis deux ans", now - 730 * day, rule="FREQ=WEEKLY")
    body = anonymous.get("/rencontres/calendrier.ics").content
    assert sorted(_titles(body)) == ["Chaque mardi depuis deux ans", "Dans onze mois", "Le mois dernier"]


def test_a_commune_has_its_own_feed_and_an_unknown_commune_answers_404(anonymous, referent, territory):
    rabastens = CommuneFactory(territory=territory, insee_code="81220", name="Rabastens")
    make_meetup(referent, title="Café de Coufouleux")
    make_meetup(referent, title="Repair café de Rabastens", commune=rabastens)
    response = anonymous.get("/rencontres/calendrier.ics?commune=81220")
    assert response.status_code == 200
    assert _titles(response.content) == ["Repair café de Rabastens"]
    assert "Rabastens" in Calendar.from_ical(response.content)["X-WR-CALNAME"]
    both = anonymous.get("/rencontres/calendrier.ics?commune=81070&type=cafe-solidaire")
    assert _titles(both.content) == ["Café de Coufouleux"]
    for hostile in ["x", "99999", "81004", "'%20OR%201=1", "8" * 300]:
        assert anonymous.get(f"/rencontres/calendrier.ics?commune={hostile}").status_code == 404
    for hostile in ["x", "'%20OR%201=1", "a" * 300]:
        assert anonymous.get(f"/rencontres/calendrier.ics?type={hostile}").status_code == 404


def test_the_list_offers_the_feed_of_its_filters(anonymous, referent):
    make_meetup(referent)
    page = anonymous.get("/rencontres/?commune=81070").text
    assert "/rencontres/calendrier.ics?commune=81070" in page


def test_a_capped_feed_keeps_the_meetups_to_come_and_says_where_the_others_are(
    anonymous, referent, monkeypatch
):
    monkeypatch.setattr(feeds, "MAX_EVENTS", 2)
    now = timezone.now().replace(microsecond=0)
    day = datetime.timedelta(days=1)
    _published(referent, "Finie", now - 20 * day)
    _published(referent, "Bientôt", now + 3 * day)
    _published(referent, "Chaque semaine", now - 60 * day, rule="FREQ=WEEKLY")
    _published(referent, "Plus tard", now + 90 * day)
    body = anonymous.get("/rencontres/calendrier.ics").content
    assert _titles(body) == ["Chaque semaine", "Bientôt"]
    description = str(Calendar.from_ical(body)["X-WR-CALDESC"])
    assert "2" in description and "commune" in description
    monkeypatch.setattr(feeds, "MAX_EVENTS", 10)
    body = anonymous.get("/rencontres/calendrier.ics").content
    assert _titles(body) == ["Chaque semaine", "Bientôt", "Plus tard", "Finie"]
    assert "commune" not in str(Calendar.from_ical(body)["X-WR-CALDESC"])


def test_the_feed_is_kept_for_calendar_applications_until_a_meetup_changes(anonymous, referent, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    make_meetup(referent, title="Café solidaire")
    first = anonymous.get("/rencontres/calendrier.ics")
    assert first.status_code == 200 and first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = anonymous.get("/rencontres/calendrier.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and len(queries) == 0
    make_meetup(referent, title="Forum des associations")
    fresh = anonymous.get("/rencontres/calendrier.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200
    assert sorted(_titles(fresh.content)) == ["Café solidaire", "Forum des associations"]
