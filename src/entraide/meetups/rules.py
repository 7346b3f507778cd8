"""Who may do what with meetups: small predicates over `entraide.people.rules`.

Residents propose; a referent of the meetup's commune (or an administrator) publishes, or
lets trusted organisers publish directly. Organisers (and those referents) change their
meetup, cancel a date, decide on registrations, print the attendees and close a date.
"""

from entraide.people import rules as people_rules
from entraide.territories.models import Territory

from .enums import MeetupStatus
from .models import Meetup, TrustedOrganiser


def looks_after_commune(user, territory: Territory, commune_id: int) -> bool:
    return people_rules.is_administrator(user, territory) or commune_id in people_rules.referent_commune_ids(
        user, territory
    )


def is_trusted(user, territory: Territory) -> bool:
    if not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_trusted_organiser", {})
    if territory.pk not in cache:
        cache[territory.pk] = TrustedOrganiser.objects.filter(territory=territory, person=user).exists()
    return cache[territory.pk]


def can_propose(user, territory: Territory) -> bool:
    """Anyone with an account of the territory may propose a meetup."""
    return user.is_authenticated and not user.is_assisted and user.territory_id == territory.pk


def may_publish_directly(user, territory: Territory, commune_id: int) -> bool:
    return looks_after_commune(user, territory, commune_id) or is_trusted(user, territory)


def is_organiser(user, meetup: Meetup) -> bool:
    if not user.is_authenticated:
        return False
    ids = meetup.__dict__.get("_organiser_ids")
    if ids is None:
        ids = meetup.__dict__["_organiser_ids"] = set(meetup.organisers.values_list("pk", flat=True))
    return user.pk in ids


def can_see(user, territory: Territory, meetup: Meetup) -> bool:
    if meetup.status == MeetupStatus.PUBLISHED:
        return True
    return is_organiser(user, meetup) or looks_after_commune(user, territory, meetup.commune_id)


def can_manage(user, territory: Territory, meetup: Meetup) -> bool:
    """Change it, cancel a date, decide on registrations, see the attendees, close a date."""
    if meetup.status == MeetupStatus.CANCELLED:
        return False
    return is_organiser(user, meetup) or looks_after_commune(user, territory, meetup.commune_id)


def can_publish(user, territory: Territory, meetup: Meetup) -> bool:
    return meetup.status == MeetupStatus.PROPOSED and looks_after_commune(user, territory, meetup.commune_id)


def can_register(user, territory: Territory, meetup: Meetup) -> bool:
    return (
        meetup.status == MeetupStatus.PUBLISHED
        and meetup.registration_required
        and user.is_authenticated
        and not user.is_assisted
        and user.territory_id == territory.pk
    )


def can_register_for_someone(user, territory: Territory, meetup: Meetup) -> bool:
    """A referent registers a person without internet (an assisted person they act for)."""
    return (
        meetup.status == MeetupStatus.PUBLISHED
        and meetup.registration_required
        and people_rules.is_referent(user, territory)
    )


def can_trust(user, territory: Territory) -> bool:
    return people_rules.is_referent(user, territory)
