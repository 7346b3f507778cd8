"""The demo's meetups: the Tuesday café, the monthly repair café, the September forum, a full workshop
with its waiting list, closed past dates with feedback; loading twice changes nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from entraide.evaluation.models import Feedback
from entraide.meetups import demo
from entraide.meetups.enums import MeetupStatus, RegistrationStatus
from entraide.meetups.models import Meetup, Occurrence, Registration, TrustedOrganiser
from entraide.people.models import ProxyAction

pytestmark = pytest.mark.django_db


def counts():
    return [
        m.objects.count() for m in (Meetup, Occurrence, Registration, Feedback, TrustedOrganiser, ProxyAction)
    ]


def test_the_demo_adds_meetups_once_and_the_time_bank_stays_sound(client, capsys):
    """A single territory answers on any host: the plain test client sees its pages."""
    call_command("demo", quiet_logins=True)
    first = counts()
    meetups = {m.title: m for m in Meetup.objects.select_related("commune", "kind")}

    cafe = meetups[demo.CAFE]
    assert (cafe.commune.name, cafe.kind.slug, cafe.rrule) == (
        "Coufouleux",
        "cafe-solidaire",
        "FREQ=WEEKLY;BYDAY=TU",
    )
    starts = [timezone.localtime(o.starts_at) for o in Occurrence.objects.filter(meetup=cafe)]
    assert {s.weekday() for s in starts} == {1} and {s.hour for s in starts} == {9}
    past = Occurrence.objects.filter(meetup=cafe, starts_at__lt=timezone.now())
    assert past.filter(closed_at__isnull=False).count() == past.count() - 1 >= 8  # one left to close
    assert Occurrence.objects.filter(meetup=cafe, cancelled=True).count() == 1

    repair = meetups[demo.REPAIR]
    assert (repair.commune.name, repair.rrule) == ("Rabastens", "FREQ=MONTHLY;BYDAY=1SA")
    closed = Occurrence.objects.filter(meetup=repair, closed_at__isnull=False)
    assert closed.count() >= 2
    assert all(o.present_count >= o.taken and o.first_timers for o in closed)
    assert Feedback.objects.filter(kind="meetup", subject__in=[o.public_id for o in closed]).count() >= 6

    forum = meetups[demo.FORUM]
    assert forum.commune.name == "Loupiac" and timezone.localtime(forum.starts_at).month == 9

    workshop = Occurrence.objects.get(meetup=meetups[demo.WORKSHOP])
    assert workshop.taken == workshop.meetup.capacity
    waiting = workshop.registrations.filter(status=RegistrationStatus.WAITING).order_by("created_at")
    assert [r.person.display_name for r in waiting] == ["Nadia K.", "Martine H."]
    assert workshop.registrations.get(entered_by__isnull=False).person.display_name == "Germaine V."

    assert meetups[demo.WALK].status == MeetupStatus.PROPOSED
    assert all(m.status == MeetupStatus.PUBLISHED for t, m in meetups.items() if t != demo.WALK)

    for title in (demo.CAFE, demo.WORKSHOP):
        coming = Occurrence.objects.filter(meetup__title=title, starts_at__gte=timezone.now()).first()
        week = timezone.localtime(coming.starts_at).date().isoformat()
        page = client.get(f"/rencontres/?semaine={week}")
        assert page.status_code == 200 and title in page.text
    assert "Complet" in client.get(workshop.meetup.get_absolute_url()).text

    call_command("demo", quiet_logins=True)
    assert counts() == first
    capsys.readouterr()
    call_command("timebank", "check")
    assert "OK" in capsys.readouterr().out
