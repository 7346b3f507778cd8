"""Who may do what in the coordination group: small predicates over `entraide.people.rules`.

Members are the people holding a coordinator or a referent role in the territory; the
territory's administrators, who hold every power, come in too. Any member reads the space,
proposes an agenda item, adds to the to-do list and the documents. The meeting's facilitator —
or a coordinator, when the facilitator is away — runs it: attendance, minutes, decisions,
actions, approval, sending the agenda. An action's owner ticks it done.

Corrections: an agenda item is changed or withdrawn by its proposer (or whoever runs the meeting)
while the meeting is planned; decisions and actions are corrected or removed by whoever runs the
meeting until its minutes are approved; after that they stay as they are (an action can still be
marked done or opened again). An item of the to-do list has no meeting, so no one runs it: it is
corrected or removed by whoever wrote it (like an agenda item's proposer), whoever takes it on (it
is their commitment: its date, or handing it over), or a coordinator (who runs any meeting); the
other members tick it but do not rewrite or delete it.
"""

from django.db.models import QuerySet

from entraide.people import rules as people_rules
from entraide.people.enums import RoleKind
from entraide.people.models import User
from entraide.territories.models import Territory

from .models import Action, AgendaItem, Meeting

MEMBER_ROLES = (RoleKind.COORDINATOR, RoleKind.REFERENT)


def is_member(user, territory: Territory | None) -> bool:
    if not user.is_authenticated or territory is None or user.territory_id != territory.pk:
        return False
    return people_rules.is_coordinator(user, territory) or people_rules.is_referent(user, territory)


def members(territory: Territory) -> QuerySet[User]:
    """The group, by name: active people of the territory with a coordinator or referent role."""
    return (
        User.objects.in_territory(territory)
        .filter(
            is_active=True,
            roles__territory=territory,
            roles__kind__in=MEMBER_ROLES,
        )
        .distinct()
        .order_by("display_name", "pk")
    )


def is_facilitator(user, meeting: Meeting) -> bool:
    return user.is_authenticated and meeting.facilitator_id == user.pk


def can_run(user, territory: Territory, meeting: Meeting) -> bool:
    """Take attendance, write the minutes, record decisions and actions, approve, send the agenda."""
    if meeting.territory_id != territory.pk or not is_member(user, territory):
        return False
    return is_facilitator(user, meeting) or people_rules.is_coordinator(user, territory)


def can_propose_item(user, territory: Territory, meeting: Meeting) -> bool:
    """Any member proposes an agenda item until the meeting is held."""
    return meeting.territory_id == territory.pk and meeting.is_planned and is_member(user, territory)


def can_plan(user, territory: Territory) -> bool:
    return is_member(user, territory)


def can_tick(user, territory: Territory, action: Action) -> bool:
    """Mark an action done (or open again): its owner, or whoever may run its meeting."""
    if action.territory_id != territory.pk or not is_member(user, territory):
        return False
    if action.owner_id == user.pk or action.meeting_id is None:
        return True  # the to-do list is everyone's
    return can_run(user, territory, action.meeting)


def can_correct_todo(user, territory: Territory, action: Action) -> bool:
    """Correct or remove an item of the to-do list (an action without a meeting): whoever added it,
    whoever takes it on, or a coordinator (an administrator too)."""
    if action.meeting_id is not None or action.territory_id != territory.pk or not is_member(user, territory):
        return False
    return user.pk in (action.created_by_id, action.owner_id) or people_rules.is_coordinator(user, territory)


def can_change_item(user, territory: Territory, item: AgendaItem) -> bool:
    """Correct or withdraw an agenda item: its proposer or whoever runs the meeting, while planned."""
    meeting = item.meeting
    if not can_propose_item(user, territory, meeting):
        return False
    return item.proposed_by_id == user.pk or can_run(user, territory, meeting)


def can_correct_record(user, territory: Territory, meeting: Meeting, *, approved: bool) -> bool:
    """Correct or remove a decision or an action of the meeting: whoever runs it, until its minutes
    are approved (`approved`: whether an approved version exists, known by the caller)."""
    return not approved and can_run(user, territory, meeting)


def has_approved_minutes(meeting: Meeting) -> bool:
    return meeting.minutes.filter(approved_at__isnull=False).exists()
