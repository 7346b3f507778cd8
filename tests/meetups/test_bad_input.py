"""The issue's bad input, each with a clear French message or a 404 and nothing half-saved: a
capacity below the places already taken, a repetition with no end (dates made a year ahead only,
never forever, even when the daily job runs again), a registration twice or after the meetup
through the page, and hostile addresses of the calendars and the paper."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from entraide.core import calendars
from entraide.meetups import services
from entraide.meetups.enums import MeetupStatus
from entraide.meetups.models import Meetup, Occurrence, Registration

from ..factories import UserFactory
from .factories import make_meetup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _form_data(meetup: Meetup, **change) -> dict:
    start = timezone.localtime(meetup.starts_at)
    return {
        "kind": meetup.kind_id,
        "title": meetup.title,
        "date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "end_time": timezone.localtime(meetup.ends_at).strftime("%H:%M"),
        "commune": meetup.commune_id,
        "address": meetup.address,
        "registration_required": "on",
        "capacity": meetup.capacity,
        "guests_allowed": 0,
        "repeat": "",
    } | change


def test_a_capacity_below_the_places_taken_is_refused_in_french_and_nothing_changes(
    client_for, referent, commune
):
    workshop = make_meetup(referent, title="Atelier vélo", registration_required=True, capacity=5)
    occurrence = workshop.occurrences.get()
    for _ in range(3):
        services.register(occurrence, UserFactory(commune=commune))
    before = Meetup.objects.get(pk=workshop.pk)
    response = client_for(referent).post(
        f"/rencontres/{workshop.slug}/modifier/", _form_data(workshop, capacity=2, title="Atelier réparé")
    )
    assert response.status_code == 400
    assert "3 places sont déjà prises" in response.text
    after = Meetup.objects.get(pk=workshop.pk)
    assert (after.capacity, after.title, after.sequence) == (5, "Atelier vélo", before.sequence)
    response = client_for(referent).post(
        f"/rencontres/{workshop.slug}/modifier/", _form_data(workshop, capacity=0)
    )
    assert "au moins une place" in response.text
    assert Meetup.objects.get(pk=workshop.pk).capacity == 5
    ok = client_for(referent).post(f"/rencontres/{workshop.slug}/modifier/", _form_data(workshop, capacity=3))
    assert ok.status_code == 302 and Meetup.objects.get(pk=workshop.pk).capacity == 3


def test_a_repetition_without_end_makes_dates_a_year_ahead_only_even_when_the_job_runs_again(
    anonymous, referent
):
    cafe = make_meetup(referent, title="Café du mardi", rrule="FREQ=WEEKLY;BYDAY=TU")
    assert cafe.last_starts_at is None
    horizon = timezone.now() + calendars.AHEAD
    count = cafe.occurrences.count()
    assert 50 <= count <= 54
    call_command("meetups", "remind")
    call_command("meetups", "remind")
    assert cafe.occurrences.count() == count
    assert not cafe.occurrences.filter(starts_at__gte=horizon).exists()
    # The calendars carry the rule itself (a calendar application expands it), never a list of dates.
    body = Calendar.from_ical(anonymous.get(f"/rencontres/{cafe.slug}/rencontre.ics").content)
    (event,) = body.walk("VEVENT")
    assert "UNTIL" not in event["RRULE"] and "COUNT" not in event["RRULE"]
    # And expanding it for a page is bounded by the window asked for.
    starts = calendars.expand(
        cafe.starts_at, cafe.rrule, after=cafe.starts_at, before=cafe.starts_at + datetime.timedelta(days=70)
    )
    assert len(starts) == 10


def test_registering_twice_or_after_the_meetup_through_the_page_says_why_in_french(
    client_for, referent, resident
):
    workshop = make_meetup(referent, title="Atelier couture", registration_required=True, capacity=10)
    occurrence = workshop.occurrences.get()
    url = f"/rencontres/dates/{occurrence.public_id}/inscription/"
    client_for(resident).post(url, {"guests": 0})
    again = client_for(resident).post(url, {"guests": 0}, follow=True)
    assert "déjà inscrit" in again.text
    assert Registration.objects.filter(person=resident).count() == 1
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-2),
    )
    neighbour = UserFactory(commune=resident.commune)
    late = client_for(neighbour).post(url, {"guests": 0}, follow=True)
    assert "déjà commencé ou est terminée" in late.text
    assert not Registration.objects.filter(person=neighbour).exists()


def test_hostile_calendar_and_paper_addresses_answer_404_or_the_default(anonymous, referent):
    proposed = make_meetup(referent, title="Balade en attente", status=MeetupStatus.PROPOSED)
    published = make_meetup(referent, title="Café")
    assert anonymous.get(f"/rencontres/{proposed.slug}/rencontre.ics").status_code == 404
    assert anonymous.get("/rencontres/inconnue/rencontre.ics").status_code == 404
    assert anonymous.get("/rencontres/%27%20OR%201=1/rencontre.ics").status_code == 404
    for hostile in ["x", "pas-un-jeton", "a" * 300, "%00"]:
        assert anonymous.get(f"/rencontres/agenda-prive/{hostile}/rencontres.ics").status_code in (400, 404)
    for month in ["2026-13", "x", "9999-99", "'"]:
        assert anonymous.get(f"/rencontres/programme.pdf?mois={month}").status_code in (200, 404)
    assert anonymous.get(f"/rencontres/{published.slug}/affiche.pdf?format=Z9").status_code in (200, 404)


@pytest.mark.parametrize(
    "address",
    [
        "/rencontres/mois/?mois=9999-12",
        "/rencontres/mois/?mois=0001-01",
        "/rencontres/programme.pdf?mois=9999-12",
        "/rencontres/programme.pdf?mois=0001-01",
        "/rencontres/?semaine=9999-12-31",
        "/rencontres/?semaine=0001-01-01",
    ],
)
def test_a_month_or_week_at_the_calendars_edge_shows_the_default(anonymous, territory, address):
    """Dates Python can hold but not step past (a month after December 9999) are not a crash."""
    assert anonymous.get(address).status_code == 200


def test_a_date_on_a_meetups_page_is_found_among_its_dates_in_the_database(anonymous, referent):
    meetup = make_meetup(referent, title="Café")
    occurrence = meetup.occurrences.order_by("starts_at").first()
    day = timezone.localtime(occurrence.starts_at).date()
    page = anonymous.get(f"{meetup.get_absolute_url()}?date={day.isoformat()}")
    assert page.status_code == 200
    for hostile in ["9999-12-31", "0001-01-01", "x"]:
        assert anonymous.get(f"{meetup.get_absolute_url()}?date={hostile}").status_code == 200
