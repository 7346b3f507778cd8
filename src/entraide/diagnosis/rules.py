"""Who may do what with needs and the diagnosis. Roles are read through `entraide.people.rules`."""

from entraide.people import rules as people_rules
from entraide.territories.models import Territory


def can_follow_diagnosis(user, territory: Territory | None) -> bool:
    """Coordinators and referents record needs, take snapshots and see exact numbers."""
    return people_rules.is_coordinator(user, territory) or people_rules.is_referent(user, territory)


def recordable_commune_ids(user, territory: Territory) -> set[int] | None:
    """Communes where `user` records needs: None means all of them (coordinators, administrators)."""
    if people_rules.is_coordinator(user, territory):
        return None
    return people_rules.referent_commune_ids(user, territory)


def can_record_need_in(user, territory: Territory, commune_id: int) -> bool:
    ids = recordable_commune_ids(user, territory)
    return ids is None or commune_id in ids


def can_suggest_need(user, territory: Territory | None) -> bool:
    return bool(user.is_authenticated and territory is not None and user.territory_id == territory.pk)


def sees_exact_numbers(user, territory: Territory | None) -> bool:
    return can_follow_diagnosis(user, territory)
