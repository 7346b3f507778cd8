"""Who may do what in the coordination group: small predicates over `entraide.people.rules`.

Members are the people holding a coordinator or a referent role in the territory; the
territory's administrators, who hold every power, come in too. Any member reads the space,
proposes an agenda item, adds to the to-do list and the documents. The meeting's facilitator —
or a coordinator, when the facilitator is away — runs it: attendance, minutes, decisions,
actions, approval, sending the agenda. An action's owner ticks it done.
"""

from django.db.models import QuerySet

from entraide.people import rules as people_rules
from entraide.people.enums import RoleKind
from entraide.people.models import User
from entraide.territories.models import Territory

from .models import Action, Meeting

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
