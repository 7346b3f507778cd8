"""Who may do what in the directory. Roles are read through `entraide.people.rules` only."""

from entraide.people import rules as people_rules
from entraide.territories.models import Territory

from .models import Initiative


def can_propose(user, territory: Territory | None) -> bool:
    """Anyone logged in may propose an initiative, a correction or claim one."""
    return bool(user.is_authenticated and territory is not None and user.territory_id == territory.pk)


def can_validate(user, territory: Territory, initiative: Initiative) -> bool:
    """The referent of the initiative's commune (or an administrator) publishes and edits it."""
    if initiative.territory_id != territory.pk:
        return False
    return people_rules.is_administrator(user, territory) or (
        initiative.commune_id in people_rules.referent_commune_ids(user, territory)
    )


def is_holder(user, initiative: Initiative) -> bool:
    if not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_held_initiatives", {})
    if initiative.pk not in cache:
        cache[initiative.pk] = initiative.holder_links.filter(user=user, confirmed=True).exists()
    return cache[initiative.pk]


def is_pending_author(user, initiative: Initiative) -> bool:
    """The author of a proposal may still change it until a referent publishes it."""
    return bool(
        user.is_authenticated and not initiative.is_published and initiative.proposed_by_id == user.pk
    )


def can_edit(user, territory: Territory, initiative: Initiative) -> bool:
    """Edit directly (a holder, a referent, or the author of a proposal not yet published)."""
    if initiative.territory_id != territory.pk:
        return False
    return (
        can_validate(user, territory, initiative)
        or is_pending_author(user, initiative)
        or is_holder(user, initiative)
    )


def can_see(user, territory: Territory, initiative: Initiative) -> bool:
    """Published entries are public; a proposal is seen by its author and those who validate it."""
    if initiative.territory_id != territory.pk:
        return False
    if initiative.is_published:
        return True
    return bool(
        user.is_authenticated
        and (initiative.proposed_by_id == user.pk or can_edit(user, territory, initiative))
    )


def can_manage_directory(user, territory: Territory | None) -> bool:
    """Referents (and administrators) see the queue, the stale entries and import files."""
    return people_rules.is_referent(user, territory)


def validated_commune_ids(user, territory: Territory) -> set[int] | None:
    """The communes whose entries `user` validates; None means all of them."""
    if people_rules.is_administrator(user, territory):
        return None
    return people_rules.referent_commune_ids(user, territory)
