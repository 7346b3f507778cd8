"""core.calendars: valid RFC 5545, read back by icalendar and by an independent parser (vobject)."""

import datetime
import zoneinfo

import pytest
import vobject
from icalendar import Calendar

from entraide.core import calendars

from ..factories import UserFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _weekly_calendar() -> bytes:
    calendar = calendars.new_calendar("Rencontres · Coufouleux")
    start = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=PARIS)
    calendars.add_event(
        calendar,
        calendars.EventData(
            uid="abc@a.example.org",
            start=start,
            end=start + datetime.timedelta(hours=2),
            summary="Café solidaire, l’entraide; ça, c’est « nous »",
            description="Apportez un gâteau,\nou rien du tout.",
            location="Salle des fêtes, 1 place de la Mairie, Coufouleux",
            url="http://a.example.org/rencontres/cafe/",
            rrule="FREQ=WEEKLY;BYDAY=TU",
            exdates=[datetime.datetime(2026, 3, 31, 10, 0, tzinfo=PARIS)],
            sequence=3,
        ),
    )
    return calendars.to_ical(calendar)


def test_it_writes_a_calendar_icalendar_reads_back_with_its_timezone():
    parsed = Calendar.from_ical(_weekly_calendar())
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Paris"]
    (event,) = parsed.walk("VEVENT")
    assert str(event["UID"]) == "abc@a.example.org"
    assert event["SEQUENCE"] == 3
    assert event["DTSTAMP"].dt.tzinfo is not None and event["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event["DTSTART"].dt == datetime.datetime(2026, 3, 3, 10, 0, tzinfo=PARIS)
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert "c’est « nous »" in str(event["SUMMARY"])


def test_an_independent_parser_reads_it_and_expands_the_rule_without_the_cancelled_date():
    parsed = vobject.readOne(_weekly_calendar().decode())
    event = parsed.vevent
    starts = list(
        event.getrruleset().between(
            datetime.datetime(2026, 3, 1, tzinfo=PARIS), datetime.datetime(2026, 4, 15, tzinfo=PARIS)
        )
    )
    days = [s.astimezone(PARIS).date().isoformat() for s in starts]
    assert days == ["2026-03-03", "2026-03-10", "2026-03-17", "2026-03-24", "2026-04-07", "2026-04-14"]
    # 10:00 in Paris on both sides of the change to summer time (29 March 2026).
    assert {s.astimezone(PARIS).hour for s in starts} == {10}
    assert event.location.value.startswith("Salle des fêtes")


def test_it_refuses_an_event_that_ends_before_it_starts():
    start = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=PARIS)
    with pytest.raises(ValueError):
        calendars.add_event(
            calendars.new_calendar("x"), calendars.EventData(uid="u", start=start, end=start, summary="x")
        )


def test_a_rule_without_end_is_expanded_only_within_the_window():
    start = datetime.datetime(2020, 1, 7, 10, 0, tzinfo=PARIS)
    after = datetime.datetime(2026, 1, 1, tzinfo=PARIS)
    found = calendars.expand(start, "FREQ=WEEKLY;BYDAY=TU", after=after, before=after + calendars.AHEAD)
    assert 50 <= len(found) <= 53
    assert all(after <= moment < after + calendars.AHEAD for moment in found)
    assert {moment.hour for moment in found} == {10}


def test_expand_skips_cancelled_dates_and_keeps_a_single_event():
    start = datetime.datetime(2026, 3, 7, 14, 0, tzinfo=PARIS)
    after, before = start - datetime.timedelta(days=1), start + datetime.timedelta(days=200)
    monthly = calendars.expand(
        start,
        "FREQ=MONTHLY;BYDAY=1SA",
        after=after,
        before=before,
        exdates=[datetime.datetime(2026, 4, 4, 14, 0, tzinfo=PARIS)],
    )
    assert [m.date().isoformat() for m in monthly][:3] == ["2026-03-07", "2026-05-02", "2026-06-06"]
    assert calendars.expand(start, "", after=after, before=before) == [start]


@pytest.mark.django_db
def test_a_private_token_is_stable_until_revoked_and_refuses_hostile_values(territory, commune):
    person = UserFactory(commune=commune)
    token = calendars.feed_token(person, "meetups")
    assert calendars.feed_token(person, "meetups") == token
    assert calendars.person_for_feed_token(token, "meetups", territory) == person
    assert calendars.person_for_feed_token(token, "loans", territory) is None
    new = calendars.revoke_feed_token(person, "meetups")
    assert new != token
    assert calendars.person_for_feed_token(token, "meetups", territory) is None
    assert calendars.person_for_feed_token(new, "meetups", territory) == person
    for hostile in ["", "x" * 500, "' OR 1=1 --", "../../etc/passwd", "\x00"]:
        assert calendars.person_for_feed_token(hostile, "meetups", territory) is None


@pytest.mark.django_db
def test_a_token_does_not_open_another_territorys_feed(territory, commune, other_territory):
    person = UserFactory(commune=commune)
    token = calendars.feed_token(person, "meetups")
    assert calendars.person_for_feed_token(token, "meetups", other_territory) is None


def test_a_rule_ending_at_a_utc_until_is_expanded_up_to_that_day():
    """The meetup form writes UNTIL in UTC (RFC 5545); expanding on the local clock refused it."""
    start = datetime.datetime(2026, 12, 3, 18, 0, tzinfo=PARIS)
    rule = "FREQ=WEEKLY;BYDAY=TH;UNTIL=20261231T225959Z"  # the end of 31 December in Paris
    found = calendars.expand(start, rule, after=start, before=start + calendars.AHEAD)
    assert [moment.day for moment in found] == [3, 10, 17, 24, 31]
    assert {moment.hour for moment in found} == {18}
