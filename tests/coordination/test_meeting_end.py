"""A meeting's end: optional when planning (two hours when not given), refused before the start on
the form's field, shown by the private calendar (DTEND), the emailed agenda and the meeting's page."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar

from entraide.coordination import services
from entraide.coordination.models import Meeting

from .factories import at, make_meeting
from .test_feed import _feed_url

pytestmark = pytest.mark.django_db

PLAN = "/coordination/reunions/nouvelle/"


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _plan(client, referent, **fields):
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    data = {"date": day, "time": "18:30", "place": "Salle", "facilitator": referent.pk, "rhythm": ""}
    return client.post(PLAN, data | fields)


def test_a_meeting_is_planned_with_its_end(client_for, coordinator, referent):
    assert 'name="end_time"' in client_for(coordinator).get(PLAN).text
    assert _plan(client_for(coordinator), referent, end_time="20:00").status_code == 302
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.ends_at).time() == datetime.time(20, 0)
    assert timezone.localtime(meeting.ends_at).date() == timezone.localtime(meeting.starts_at).date()
    assert meeting.end == meeting.ends_at


def test_without_an_end_a_meeting_lasts_two_hours(client_for, coordinator, referent):
    assert _plan(client_for(coordinator), referent, end_time="").status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.ends_at is None
    assert meeting.end == meeting.starts_at + datetime.timedelta(hours=2)


@pytest.mark.parametrize("end_time", ["17:00", "18:30"])
def test_an_end_before_the_start_is_refused_on_its_field(client_for, coordinator, referent, end_time):
    response = _plan(client_for(coordinator), referent, end_time=end_time)
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["end_time"]
    assert form.errors["end_time"] == ["La fin est avant le début\u00a0: vérifiez les heures."]
    assert not Meeting.objects.exists()


def test_the_service_and_the_database_refuse_an_end_before_the_start(territory, referent):
    with pytest.raises(ValidationError):
        make_meeting(territory, referent, ends_at=at(7, hour=17))
    meeting = make_meeting(territory, referent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(ends_at=meeting.starts_at)


def test_the_calendar_ends_each_meeting_at_its_end_or_two_hours_later(
    client_for, territory, referent, coordinator
):
    short = make_meeting(territory, referent, days=7, ends_at=at(7, hour=19))
    unset = make_meeting(territory, referent, days=14)
    response = client_for(None).get(_feed_url(client_for(coordinator)))
    events = {str(e["uid"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert len(events) == 2
    first = next(e for uid, e in events.items() if str(short.public_id) in uid)
    second = next(e for uid, e in events.items() if str(unset.public_id) in uid)
    assert first.decoded("dtend") == short.ends_at == at(7, hour=19)
    assert second.decoded("dtend") == unset.starts_at + datetime.timedelta(hours=2)


def test_the_emailed_agenda_and_the_page_say_when_it_ends(client_for, territory, referent):
    ends_at = at(2, hour=19) + datetime.timedelta(minutes=45)
    meeting = make_meeting(territory, referent, days=2, ends_at=ends_at)
    mail.outbox.clear()
    assert services.send_agenda(meeting)
    assert "18:00" in mail.outbox[0].body and "19:45" in mail.outbox[0].body
    assert "19:45" in mail.outbox[0].subject
    assert "19:45" in client_for(referent).get(meeting.get_absolute_url()).text


def test_the_agenda_of_a_meeting_without_end_says_two_hours(territory, referent):
    meeting = make_meeting(territory, referent, days=2)
    mail.outbox.clear()
    services.send_agenda(meeting)
    assert "20:00" in mail.outbox[0].body


def test_the_next_meeting_keeps_the_length(client_for, territory, referent):
    meeting = make_meeting(territory, referent, ends_at=at(7, hour=19) + datetime.timedelta(minutes=30))
    following = services.plan_next(meeting)
    assert following.ends_at - following.starts_at == datetime.timedelta(minutes=90)
    assert services.plan_next(make_meeting(territory, referent, days=60)).ends_at is None
