"""Who may do what in the coordination group: role × state, like the meetups' matrix.

The referent facilitates the meeting; the other referent (Loupiac) is a member who does not; the
coordinator and the administrator run any meeting; a resident without a role, a person of another
territory holding a coordinator role there, and an anonymous visitor are outside the group.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from entraide.coordination import rules, services
from entraide.coordination.enums import MeetingStatus
from entraide.coordination.models import Action, Meeting

from ..factories import CommuneFactory, RoleFactory, UserFactory
from .factories import make_meeting

pytestmark = pytest.mark.django_db

PLANNED, HELD = MeetingStatus.PLANNED, MeetingStatus.HELD


@pytest.fixture
def other_referent(territory):
    loupiac = CommuneFactory(territory=territory, name="Loupiac", insee_code="81149")
    user = UserFactory(commune=loupiac, display_name="Nora Référente")
    RoleFactory(user=user, kind="referent", commune=loupiac)
    return user


@pytest.fixture
def coordinator_elsewhere(outsider):
    RoleFactory(user=outsider, kind="coordinator", commune=None)
    return outsider


@pytest.fixture
def anonymous_user(db):
    return AnonymousUser()


@pytest.fixture
def meeting(territory, referent, other_referent):
    return make_meeting(territory, referent)


# (persona, state, member, propose an item, run the meeting, tick another's action, plan)
MATRIX = [
    ("referent", PLANNED, True, True, True, True, True),  # the facilitator
    ("referent", HELD, True, False, True, True, True),
    ("other_referent", PLANNED, True, True, False, False, True),  # a member, not facilitating
    ("other_referent", HELD, True, False, False, False, True),
    ("coordinator", PLANNED, True, True, True, True, True),
    ("coordinator", HELD, True, False, True, True, True),
    ("administrator", PLANNED, True, True, True, True, True),
    ("resident", PLANNED, False, False, False, False, False),  # no role: outside the group
    ("resident", HELD, False, False, False, False, False),
    ("coordinator_elsewhere", PLANNED, False, False, False, False, False),  # another territory's role
    ("anonymous_user", PLANNED, False, False, False, False, False),
]


@pytest.mark.parametrize(("persona", "state", "member", "propose", "run", "tick", "plan"), MATRIX)
def test_rules(request, territory, meeting, coordinator, persona, state, member, propose, run, tick, plan):
    user = request.getfixturevalue(persona)
    Meeting.objects.filter(pk=meeting.pk).update(status=state)
    meeting.refresh_from_db()
    action = services.add_action(
        territory, title="Appeler la CAF", owner=coordinator, meeting=meeting, by=coordinator
    )
    assert rules.is_member(user, territory) is member
    assert rules.can_propose_item(user, territory, meeting) is propose
    assert rules.can_run(user, territory, meeting) is run
    assert rules.can_tick(user, territory, action) is tick
    assert rules.can_plan(user, territory) is plan


def test_an_owner_ticks_their_action_and_anyone_in_the_group_the_to_do_list(
    territory, meeting, referent, other_referent, resident
):
    own = services.add_action(territory, title="Salle", owner=other_referent, meeting=meeting, by=referent)
    todo = services.add_action(territory, title="Affiches", owner=referent, by=referent)
    assert rules.can_tick(other_referent, territory, own)
    assert rules.can_tick(other_referent, territory, todo)
    assert not rules.can_tick(resident, territory, todo)


def test_members_are_the_coordinator_and_referent_roles_of_the_territory(
    territory, referent, other_referent, coordinator, administrator, resident, coordinator_elsewhere
):
    assert list(rules.members(territory)) == [referent, coordinator, other_referent]


def test_a_member_of_another_territory_finds_nothing_of_this_one(
    client_for, territory, meeting, referent, coordinator_elsewhere
):
    """On their own host they see their own group's space; this territory's keys answer 404."""
    action = services.add_action(territory, title="Salle", owner=referent, meeting=meeting, by=referent)
    client = client_for(coordinator_elsewhere)
    space = client.get("/coordination/")
    assert space.status_code == 200 and meeting.get_absolute_url() not in space.text
    url = meeting.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client.get(f"{url}compte-rendu.pdf").status_code == 404
    assert client.post(f"{url}ordre-du-jour/", {"title": "x"}).status_code == 404
    assert client.post(f"{url}compte-rendu/", {"text": "x"}).status_code == 404
    assert client.post(f"/coordination/actions/{action.public_id}/fait/", {"done": "1"}).status_code == 404
    assert not meeting.agenda_items.exists() and not meeting.minutes.exists()
    assert client_for(referent, host="b.example.org").get("/coordination/").status_code == 302


# Corrections: (persona, state, approved minutes, change another's item, correct a decision/action)
CORRECTIONS = [
    ("referent", PLANNED, False, True, True),  # the facilitator
    ("referent", HELD, False, False, True),  # held, minutes still a draft: decisions corrected
    ("referent", HELD, True, False, False),  # approved: they stay as they are
    ("other_referent", PLANNED, False, False, False),  # a member, not facilitating
    ("coordinator", PLANNED, False, True, True),
    ("coordinator", HELD, True, False, False),
    ("administrator", PLANNED, False, True, True),
    ("resident", PLANNED, False, False, False),
    ("coordinator_elsewhere", PLANNED, False, False, False),
    ("anonymous_user", PLANNED, False, False, False),
]


@pytest.mark.parametrize(("persona", "state", "approved", "change_item", "correct"), CORRECTIONS)
def test_corrections(
    request, territory, meeting, coordinator, persona, state, approved, change_item, correct
):
    user = request.getfixturevalue(persona)
    item = services.propose_item(meeting, by=coordinator, title="Budget")
    Meeting.objects.filter(pk=meeting.pk).update(status=state)
    meeting.refresh_from_db()
    item.meeting = meeting
    assert rules.can_change_item(user, territory, item) is change_item
    assert rules.can_correct_record(user, territory, meeting, approved=approved) is correct


def test_the_proposer_changes_their_own_item_while_planned_only(territory, meeting, other_referent):
    item = services.propose_item(meeting, by=other_referent, title="Budget")
    assert rules.can_change_item(other_referent, territory, item)
    Meeting.objects.filter(pk=meeting.pk).update(status=HELD)
    item.meeting.refresh_from_db()
    assert not rules.can_change_item(other_referent, territory, item)


# The to-do list: (persona, wrote the item, takes it on, may correct or remove it)
TODO_CORRECTIONS = [
    ("other_referent", True, False, True),  # whoever added it
    ("other_referent", False, True, True),  # whoever takes it on
    ("other_referent", False, False, False),  # another member: ticks it only
    ("referent", False, False, False),  # facilitating a meeting gives nothing here
    ("coordinator", False, False, True),
    ("administrator", False, False, True),
    ("resident", True, True, False),  # out of the group (e.g. lost their role): nothing
    ("coordinator_elsewhere", False, False, False),
    ("anonymous_user", False, False, False),
]


@pytest.mark.parametrize(("persona", "wrote", "owns", "correct"), TODO_CORRECTIONS)
def test_to_do_corrections(request, territory, commune, meeting, referent, persona, wrote, owns, correct):
    user = request.getfixturevalue(persona)
    someone = UserFactory(commune=commune, display_name="Zoé Bénévole")  # a member, none of the personas
    RoleFactory(user=someone, kind="referent", commune=commune)
    todo = services.add_action(territory, title="Affiches", owner=someone, by=someone)
    # Who wrote it and who takes it on, set directly: a resident cannot be chosen as owner.
    Action.objects.filter(pk=todo.pk).update(
        created_by=user if wrote else someone, owner=user if owns else someone
    )
    todo.refresh_from_db()
    assert rules.can_correct_todo(user, territory, todo) is correct
    decided = services.add_action(territory, title="Salle", owner=someone, meeting=meeting, by=someone)
    Action.objects.filter(pk=decided.pk).update(created_by=todo.created_by, owner=todo.owner)
    decided.refresh_from_db()
    assert not rules.can_correct_todo(user, territory, decided)  # a meeting's action: not here
