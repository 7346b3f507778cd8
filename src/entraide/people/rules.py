"""Who may do what: small predicates, the only place where roles are read.

Roles are loaded once per user object and territory (see `_roles`), so a page
that asks several questions runs one query.
"""

from django.db.models import QuerySet

from entraide.territories.models import Commune, Territory

from .enums import RoleKind
from .models import User


def _roles(user, territory: Territory | None) -> list[tuple[str, int | None]]:
    if not user.is_authenticated or territory is None:
        return []
    cache = user.__dict__.setdefault("_roles_cache", {})
    if territory.pk not in cache:
        cache[territory.pk] = list(user.roles.filter(territory=territory).values_list("kind", "commune_id"))
    return cache[territory.pk]


def is_administrator(user, territory: Territory | None) -> bool:
    return any(kind == RoleKind.ADMINISTRATOR for kind, _ in _roles(user, territory))


def is_coordinator(user, territory: Territory | None) -> bool:
    return is_administrator(user, territory) or any(
        kind == RoleKind.COORDINATOR for kind, _ in _roles(user, territory)
    )


def referent_commune_ids(user, territory: Territory | None) -> set[int]:
    return {c for kind, c in _roles(user, territory) if kind == RoleKind.REFERENT}


def is_referent(user, territory: Territory | None) -> bool:
    return is_administrator(user, territory) or bool(referent_commune_ids(user, territory))


def communes_looked_after(user, territory: Territory) -> QuerySet[Commune]:
    """The communes whose people `user` looks after: all of them for an administrator."""
    communes = Commune.objects.in_territory(territory)
    if is_administrator(user, territory):
        return communes
    return communes.filter(pk__in=referent_commune_ids(user, territory))


def can_manage_person(user, territory: Territory, person: User) -> bool:
    if person.territory_id != territory.pk:
        return False
    if is_administrator(user, territory):
        return True
    return person.commune_id in referent_commune_ids(user, territory)


def can_act_for(user, territory: Territory, person: User) -> bool:
    """A referent acts on behalf of an assisted person of a commune they look after."""
    return person.is_assisted and can_manage_person(user, territory, person)


def referents_of(person: User) -> QuerySet[User]:
    """Who answers for `person`: the active referents of their commune, or, without any, the
    territory's administrators."""
    people = User.objects.filter(is_active=True, roles__territory_id=person.territory_id)
    referents = people.filter(roles__kind=RoleKind.REFERENT, roles__commune_id=person.commune_id)
    if referents.exists():
        return referents.distinct()
    return people.filter(roles__kind=RoleKind.ADMINISTRATOR).distinct()


def can_use_admin(user, territory: Territory | None) -> bool:
    return user.is_active and (user.is_superuser or is_administrator(user, territory))
