"""Retention: accounts unused for the territory's period are anonymised, after a warning.

Run daily by `entraide people purge-inactive`; running it twice changes nothing more.

- A resident is inactive when they have not logged in (or, never having logged in, not joined)
  for `Territory.retention_years`. A month before, they are emailed once: logging in keeps the
  account. A month after that email, if they still have not logged in, the account is anonymised
  by `services.erase_person`, the same erasure as a person's own request.
- An assisted person has no login: they are inactive when nothing was done on their behalf for
  the period. They are never anonymised automatically: the referents of their commune (or, without
  any, the territory's administrators) are emailed once, and decide with the person: delete the
  data from the person's page, or keep it (anything entered for them counts as activity).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from entraide.core import emails
from entraide.territories.models import Territory

from . import services
from .enums import RoleKind
from .models import User

NOTICE = datetime.timedelta(days=30)


@dataclass
class Outcome:
    warned: list[User] = field(default_factory=list)
    erased: list[User] = field(default_factory=list)
    referents_told: dict[User, list[User]] = field(default_factory=dict)


def period(territory: Territory) -> datetime.timedelta:
    return datetime.timedelta(days=round(365.25 * territory.retention_years))


def _with_last_activity(people):
    return people.annotate(
        last_activity=Greatest(
            "date_joined",
            Coalesce("last_login", "date_joined"),
            Coalesce(Max("proxy_actions__created_at"), "date_joined"),
        )
    )


def _not_yet_told():
    return Q(inactivity_notice_sent_at__isnull=True) | Q(inactivity_notice_sent_at__lt=F("last_activity"))


def _referents(territory: Territory, person: User) -> list[User]:
    people = User.objects.in_territory(territory).filter(is_active=True, email__isnull=False)
    referents = people.filter(roles__kind=RoleKind.REFERENT, roles__commune_id=person.commune_id)
    return list(referents.distinct()) or list(people.filter(roles__kind=RoleKind.ADMINISTRATOR).distinct())


def purge_inactive(territory: Territory, *, now: datetime.datetime | None = None) -> Outcome:
    now = now or timezone.now()
    outcome = Outcome()
    deadline = now - period(territory)
    people = _with_last_activity(
        User.objects.in_territory(territory).filter(is_active=True, is_superuser=False)
    )
    residents = people.filter(is_assisted=False)

    # Warned a month ago or more, and still not back: anonymised.
    for person in residents.filter(
        last_activity__lt=deadline,
        inactivity_notice_sent_at__gte=F("last_activity"),
        inactivity_notice_sent_at__lte=now - NOTICE,
    ):
        services.erase_person(person)
        outcome.erased.append(person)

    # A month before the end of the period: warned once.
    login_url = emails.absolute_url(territory, reverse("account_login"))
    for person in residents.filter(last_activity__lt=deadline + NOTICE).filter(_not_yet_told()):
        emails.send(  # in the person's language; nothing without an address
            "people/email/inactive_account",
            to=person,
            context={
                "person": person,
                "years": territory.retention_years,
                "erase_on": (now + NOTICE).date(),
                "login_url": login_url,
            },
            territory=territory,
        )
        User.objects.filter(pk=person.pk).update(inactivity_notice_sent_at=now)
        outcome.warned.append(person)

    # Assisted persons: their referents decide.
    for person in people.filter(is_assisted=True, last_activity__lt=deadline).filter(_not_yet_told()):
        for referent in _referents(territory, person):
            outcome.referents_told.setdefault(referent, []).append(person)
        User.objects.filter(pk=person.pk).update(inactivity_notice_sent_at=now)
    for referent, assisted in outcome.referents_told.items():
        emails.send(
            "people/email/inactive_assisted_persons",
            to=referent,
            context={
                "referent": referent,
                "years": territory.retention_years,
                "people": [
                    (
                        p,
                        emails.absolute_url(
                            territory, reverse("people:person", kwargs={"public_id": p.public_id})
                        ),
                    )
                    for p in assisted
                ],
            },
            territory=territory,
        )
    return outcome
