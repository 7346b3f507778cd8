"""The demo's coordination group: eight members, four past monthly meetings and the next one;
loading twice changes nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from entraide.coordination import rules, services
from entraide.coordination.enums import MeetingStatus
from entraide.coordination.models import Action, AgendaItem, Document, Meeting, Minutes, Term
from entraide.evaluation import registry
from entraide.people.models import User

from ..audit import problems
from ..factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Meeting, AgendaItem, Minutes, Action, Document, Term)]


def test_the_demo_has_a_group_of_eight_with_four_past_meetings_and_the_next(client):
    call_command("demo", quiet_logins=True)
    first = counts()
    meeting = Meeting.objects.select_related("territory").first()
    territory = meeting.territory
    assert rules.members(territory).count() == 8
    held = Meeting.objects.filter(status=MeetingStatus.HELD, starts_at__lt=timezone.now())
    assert held.count() == 4
    assert all(m.minutes.filter(approved_at__isnull=False).exists() for m in held)
    assert all(m.agenda_items.exists() and m.decisions.exists() for m in held)
    following = services.next_meeting(territory)
    assert following is not None and following.is_planned and following.agenda_items.count() == 2
    assert {timezone.localtime(m.starts_at).weekday() for m in Meeting.objects.all()} == {1}
    assert len({m.facilitator_id for m in Meeting.objects.all()}) == 5  # it rotates
    meeting_actions = Action.objects.filter(meeting__isnull=False)
    assert meeting_actions.open().exists() and meeting_actions.filter(done_at__isnull=False).exists()
    assert Action.objects.filter(meeting__isnull=True).exists()
    assert Action.objects.still_open_at(following).open().count() >= 3
    assert any(term.review_due() for term in Term.objects.all())

    call_command("demo", quiet_logins=True)
    assert counts() == first

    # The coordinator logs in and sees it all.
    client.force_login(User.objects.get(email="coordination@demo.entraide.invalid"))
    page = client.get(following.get_absolute_url()).text
    assert "Fête des voisins : date et lieu" in page and "Trouver deux habitant·e·s jurés" in page
    assert "Charte du groupe" in client.get("/coordination/").text


def test_every_page_of_the_space_passes_the_audit_with_the_demo(client):
    """tests/pages/test_audit.py walks the site from its menu; this walks the space itself, with the
    demo's history, and its forms after a failed submission."""
    call_command("demo", quiet_logins=True)
    client.force_login(User.objects.get(email="coordination@demo.entraide.invalid"))
    following = Meeting.objects.filter(status=MeetingStatus.PLANNED).get()
    held = Meeting.objects.filter(status=MeetingStatus.HELD).first()
    document = Document.objects.first()
    pages = {
        "/coordination/": client.get("/coordination/"),
        "meetings": client.get("/coordination/reunions/"),
        "plan": client.get("/coordination/reunions/nouvelle/"),
        "next": client.get(following.get_absolute_url()),
        "held": client.get(held.get_absolute_url()),
        "document": client.get(f"/coordination/documents/{document.public_id}/"),
        "document form": client.get(f"/coordination/documents/{document.public_id}/modifier/"),
        "failed action": client.post(f"{held.get_absolute_url()}actions/", {"title": "x", "owner": ""}),
        "failed to-do": client.post("/coordination/a-faire/", {"title": "", "owner": ""}),
        "failed plan": client.post("/coordination/reunions/nouvelle/", {}),
        "member": client.get(f"/coordination/membres/{held.facilitator.public_id}/"),
        "failed term": client.post(f"/coordination/membres/{held.facilitator.public_id}/", {"role": "0"}),
    }
    for name, response in pages.items():
        assert response.status_code == (400 if name.startswith("failed") else 200), name
        assert problems(response.text) == [], name
    assert pages["failed action"].text.count('class="error-summary"') == 1


def test_the_evaluation_counts_the_meetings_held_and_their_attendance(
    territory, referent, coordinator, commune
):
    people = [referent, coordinator]
    for _ in range(4):
        person = UserFactory(commune=commune)
        RoleFactory(user=person, kind="coordinator", commune=None)
        people.append(person)
    first = services.plan_meeting(
        territory,
        starts_at=timezone.now() - datetime.timedelta(days=40),
        place="Mairie",
        facilitator=referent,
    )
    second = services.plan_meeting(
        territory, starts_at=timezone.now() - datetime.timedelta(days=5), place="Mairie", facilitator=referent
    )
    for meeting, present in ((first, people), (second, people[:3])):
        services.record_attendance(meeting, present)
        services.save_minutes(meeting, text="Compte rendu", by=referent)
        services.approve_minutes(meeting, by=referent)
    start, end = timezone.localdate() - datetime.timedelta(days=60), timezone.localdate()
    held = registry.get("coordination_meetings").rows(territory, start, end)
    assert sum(r["value"] for r in held) == 2 and all(r["commune_id"] is None for r in held)
    attendance = registry.get("coordination_attendance").rows(territory, start, end)
    assert sum(r["value"] for r in attendance) == 9
