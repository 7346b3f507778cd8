"""Finding meetups: the week, the month, a meetup's page with its JSON-LD, the calendars (read back by
icalendar and vobject), the private feed, announcing and publishing, and bad input."""

import datetime
import json
import re

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from entraide.meetups.enums import MeetupStatus
from entraide.meetups.models import Meetup, Occurrence

from ..factories import UserFactory
from .factories import MeetupKindFactory, make_meetup, next_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def cafe(referent):
    return make_meetup(referent, title="Café solidaire du mardi", rrule="FREQ=WEEKLY;BYDAY=TU")


def test_the_week_lists_the_cafe_without_javascript_and_filters_by_kind(anonymous, cafe, territory):
    start = Occurrence.objects.filter(meetup=cafe).order_by("starts_at").first().starts_at
    response = anonymous.get(f"/rencontres/?semaine={start.date().isoformat()}")
    assert response.status_code == 200
    assert "Café solidaire du mardi" in response.text
    MeetupKindFactory(territory=territory, slug="forum", name="Forum")
    filtered = anonymous.get(f"/rencontres/?semaine={start.date().isoformat()}&type=forum")
    assert "Café solidaire du mardi" not in filtered.text


def test_the_month_shows_every_tuesday(anonymous, cafe):
    start = Occurrence.objects.filter(meetup=cafe).order_by("starts_at").first().starts_at
    response = anonymous.get(f"/rencontres/mois/?mois={start:%Y-%m}")
    assert response.status_code == 200
    assert response.text.count("Café solidaire du mardi") >= 3


def test_the_meetup_page_carries_an_event_in_json_ld_and_says_the_repetition_in_french(anonymous, cafe):
    response = anonymous.get(f"/rencontres/{cafe.slug}/")
    assert response.status_code == 200
    assert (
        "tous les mardi" in response.text or "chaque mardi" in response.text or "every" not in response.text
    )
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)[1]
    )
    assert data["@type"] == "Event" and data["name"] == cafe.title
    assert data["location"]["address"]["addressLocality"] == "Coufouleux"


def test_the_territory_feed_imports_into_two_parsers_with_its_rule_and_cancelled_date(
    anonymous, cafe, referent
):
    second = Occurrence.objects.filter(meetup=cafe).order_by("starts_at")[1]
    response = anonymous.post(
        f"/rencontres/{cafe.slug}/annuler-une-date/", {"date": second.starts_at.date().isoformat()}
    )
    assert response.status_code in (302, 403)
    from entraide.meetups import services

    services.cancel_date(cafe, second.starts_at.astimezone().date(), by=referent)
    body = anonymous.get("/rencontres/calendrier.ics").content
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["SEQUENCE"] >= 1
    assert event["UID"].startswith(str(cafe.public_id))
    parsed = vobject.readOne(body.decode())
    starts = list(
        parsed.vevent.getrruleset().between(
            second.starts_at - datetime.timedelta(days=8), second.starts_at + datetime.timedelta(days=8)
        )
    )
    assert second.starts_at not in starts and len(starts) == 2
    assert anonymous.get(f"/rencontres/{cafe.slug}/rencontre.ics").status_code == 200
    assert anonymous.get("/rencontres/calendrier.ics?type=inconnu").status_code == 404


def test_the_private_feed_is_revocable_and_refuses_hostile_tokens(client_for, resident, anonymous, cafe):
    page = client_for(resident).get("/rencontres/mes-rencontres/")
    url = re.search(r'value="http://a\.example\.org(/rencontres/agenda-prive/[^"]+)"', page.text)[1]
    assert anonymous.get(url).status_code == 200
    client_for(resident).post("/rencontres/mes-rencontres/nouvelle-adresse/")
    assert anonymous.get(url).status_code == 404
    for hostile in ["x", "'%20OR%201=1", "a" * 300]:
        assert anonymous.get(f"/rencontres/agenda-prive/{hostile}/rencontres.ics").status_code == 404


def test_a_resident_proposes_and_a_referent_publishes(client_for, resident, referent, commune, territory):
    MeetupKindFactory(territory=territory)
    day = next_day(5)
    data = {
        "kind": Meetup._meta.get_field("kind").related_model.objects.get().pk,
        "title": "Repair café",
        "date": day.date().isoformat(),
        "start_time": "14:00",
        "end_time": "17:00",
        "repeat": "monthly",
        "commune": commune.pk,
        "address": "Salle des associations",
        "guests_allowed": 0,
    }
    response = client_for(resident).post("/rencontres/proposer/", data)
    assert response.status_code == 302, response.text
    meetup = Meetup.objects.get()
    assert meetup.status == MeetupStatus.PROPOSED and meetup.rrule.startswith("FREQ=MONTHLY;BYDAY=")
    assert client_for(UserFactory(commune=commune)).get(f"/rencontres/{meetup.slug}/").status_code == 404
    assert client_for(resident).post(f"/rencontres/{meetup.slug}/publier/").status_code == 403
    client_for(referent).post(f"/rencontres/{meetup.slug}/publier/")
    assert Meetup.objects.get().status == MeetupStatus.PUBLISHED


def test_a_weekly_meetup_until_a_date_has_its_dates_up_to_that_day(client_for, referent, commune, territory):
    """The form's "repeat until" (an UNTIL in UTC) made the page answer 500."""
    MeetupKindFactory(territory=territory)
    day = next_day(3)
    data = {
        "kind": Meetup._meta.get_field("kind").related_model.objects.get().pk,
        "title": "Tricot du jeudi",
        "date": day.date().isoformat(),
        "start_time": "14:00",
        "end_time": "16:00",
        "repeat": "weekly",
        "repeat_until": (day + datetime.timedelta(weeks=3)).date().isoformat(),
        "commune": commune.pk,
        "address": "Salle des associations",
        "guests_allowed": 0,
    }
    response = client_for(referent).post("/rencontres/proposer/", data)
    assert response.status_code == 302, response.text
    meetup = Meetup.objects.get()
    assert "UNTIL=" in meetup.rrule
    assert meetup.occurrences.count() == 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end_time": "13:00"}, "La fin est avant le début"),
        ({"registration_required": "on", "capacity": "0"}, "au moins une place"),
        ({"address": ""}, "Dites où"),
        ({"repeat": "", "repeat_until": "2099-01-01"}, "Choisissez une date"),
    ],
)
def test_bad_input_gets_a_french_message_and_nothing_is_saved(
    client_for, resident, commune, territory, change, message
):
    MeetupKindFactory(territory=territory)
    data = {
        "kind": Meetup._meta.get_field("kind").related_model.objects.get().pk,
        "title": "Atelier",
        "date": next_day(2).date().isoformat(),
        "start_time": "14:00",
        "end_time": "16:00",
        "commune": commune.pk,
        "address": "Salle",
        "guests_allowed": 0,
    } | change
    response = client_for(resident).post("/rencontres/proposer/", data)
    assert response.status_code == 400
    assert message in response.text
    assert not Meetup.objects.exists() and not Occurrence.objects.exists()


def test_cancelling_a_date_that_is_not_an_occurrence_is_refused_in_french(client_for, referent, cafe):
    wednesday = Occurrence.objects.filter(meetup=cafe).first().starts_at.date() + datetime.timedelta(days=1)
    response = client_for(referent).post(
        f"/rencontres/{cafe.slug}/annuler-une-date/", {"date": wednesday.isoformat()}, follow=True
    )
    assert "il n’y a rien à annuler" in response.text
    assert not Occurrence.objects.filter(cancelled=True).exists()


def test_the_list_and_the_feed_run_constant_queries_with_10_or_60_meetups(anonymous, referent, commune):
    def queries(url):
        with CaptureQueriesContext(connection) as context:
            assert anonymous.get(url).status_code == 200
        return len(context)

    for i in range(10):
        make_meetup(referent, title=f"Rencontre {i}", rrule="FREQ=WEEKLY;BYDAY=TU" if i % 2 else "")
    week = Occurrence.objects.order_by("starts_at").first().starts_at.date().isoformat()
    queries(f"/rencontres/?semaine={week}")  # warm the per-process caches
    small = [queries(f"/rencontres/?semaine={week}"), queries("/rencontres/calendrier.ics")]
    for i in range(50):
        make_meetup(referent, title=f"Autre {i}", rrule="FREQ=WEEKLY;BYDAY=TU" if i % 2 else "")
    assert [queries(f"/rencontres/?semaine={week}"), queries("/rencontres/calendrier.ics")] == small


def test_a_place_of_the_directory_lists_its_next_meetups(anonymous, referent, commune):
    from ..directory.factories import InitiativeFactory

    hall = InitiativeFactory(commune=commune, name="Tiers-lieu La Grange")
    make_meetup(referent, title="Repair café de la Grange", place=hall, address="")
    response = anonymous.get(f"/initiatives/{hall.slug}/")
    assert "Repair café de la Grange" in response.text
