"""A private iCalendar feed of the group's meetings for members (RFC 5545, parsed with icalendar)."""

import re

import pytest
from icalendar import Calendar

from entraide.coordination import services
from entraide.core.models import FeedToken

from ..helpers import assert_constant_queries
from .factories import make_meeting

pytestmark = pytest.mark.django_db


def _feed_url(client):
    page = client.get("/coordination/").text
    match = re.search(r'value="https?://[^/"]+(/coordination/agenda-prive/[^"]+\.ics)"', page)
    assert match, "the space shows the private address"
    return match.group(1)


def test_a_member_subscribes_to_the_meetings(client_for, territory, referent, coordinator):
    meeting = make_meeting(territory, referent, place="Mairie de Coufouleux")
    services.propose_item(meeting, by=coordinator, title="Budget 2027")
    make_meeting(territory, referent, days=35)
    url = _feed_url(client_for(coordinator))
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    first = min(events, key=lambda e: e.decoded("dtstart"))
    assert first.decoded("dtstart") == meeting.starts_at
    assert first.decoded("dtend") > first.decoded("dtstart")
    assert str(first["location"]) == "Mairie de Coufouleux"
    assert "Budget 2027" in str(first["description"])
    assert str(first["uid"]).startswith(f"coordination-{meeting.public_id}@")
    assert str(first["url"]).endswith(meeting.get_absolute_url())
    assert {"UID", "DTSTAMP", "DTSTART"} <= set(first.keys())
    assert calendar.walk("VTIMEZONE"), "times carry their time zone"
    # Each line ends with CRLF (RFC 5545 3.1).
    assert b"\r\n" in response.content and b"\n" not in response.content.replace(b"\r\n", b"")


def test_the_address_is_revoked_and_is_only_for_members(
    client_for, territory, referent, coordinator, resident
):
    make_meeting(territory, referent)
    client = client_for(coordinator)
    url = _feed_url(client)
    assert client.post("/coordination/agenda/nouvelle-adresse/").status_code == 302
    assert client_for(None).get(url).status_code == 404
    new_url = _feed_url(client)
    assert new_url != url and client_for(None).get(new_url).status_code == 200
    # Someone who leaves the group: the address stops working.
    coordinator.roles.all().delete()
    assert client_for(None).get(new_url).status_code == 404
    # A resident's token for this purpose gives nothing; nor does a garbled one.
    FeedToken.objects.create(person=resident, purpose="coordination", token="residenttoken123")
    assert client_for(None).get("/coordination/agenda-prive/residenttoken123/reunions.ics").status_code == 404
    assert client_for(None).get("/coordination/agenda-prive/<script>/reunions.ics").status_code == 404
    assert client_for(resident).post("/coordination/agenda/nouvelle-adresse/").status_code == 403


def test_another_territorys_host_does_not_answer_the_token(client_for, territory, referent):
    make_meeting(territory, referent)
    url = _feed_url(client_for(referent))
    assert client_for(None, host="b.example.org").get(url).status_code == 404


def test_the_feed_runs_constant_queries(client_for, territory, referent, coordinator):
    url = _feed_url(client_for(coordinator))
    counter = iter(range(1, 10_000))

    def add(n):
        for _ in range(n):
            meeting = make_meeting(territory, referent, days=next(counter))
            services.propose_item(meeting, by=coordinator, title="Point")

    anonymous = client_for(None)
    assert_constant_queries(lambda: anonymous.get(url), add, small=3, large=30)
