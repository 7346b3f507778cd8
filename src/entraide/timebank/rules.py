"""Who may do what in the time bank; roles are read through entraide.people.rules only.

One rule runs through all of it: **a party to a movement never enters or approves it**
(`is_party`). The helper does not confirm their own help for the person they helped, a
referent does not grant, adjust, reverse, freeze or settle anything on their own account.
`services.transfer()` applies the same predicate to `entered_by`, whatever the path.
"""

from django.db.models import Q

from entraide.people import rules as people_rules
from entraide.people.models import User
from entraide.territories.models import Territory

from .enums import AccountKind, ClaimStatus
from .models import Account, AuditEvent, Claim, Transfer


def _person_id(side) -> int | None:
    if isinstance(side, Account):
        return side.owner_id
    if isinstance(side, User):
        return side.pk
    return side


def is_party(user: User | None, *sides) -> bool:
    """Whether `user` is one of the people on the sides (accounts, people or ids) of a movement."""
    if user is None or user.pk is None:
        return False
    return user.pk in {_person_id(side) for side in sides}


def can_use_desk(user: User, territory: Territory) -> bool:
    return people_rules.is_referent(user, territory)


def accounts_looked_after(user: User, territory: Territory):
    """Accounts a referent sees: people of their communes (not their own); the pool and
    initiatives, whose history names people of every commune, for the administrator only."""
    accounts = Account.objects.in_territory(territory)
    if people_rules.is_administrator(user, territory):
        return accounts.exclude(owner=user)
    return accounts.filter(
        kind=AccountKind.PERSON, owner__commune_id__in=people_rules.referent_commune_ids(user, territory)
    ).exclude(owner=user)


def events_looked_after(user: User, territory: Territory):
    """The log a referent reads: events about the accounts they look after (the administrator: all)."""
    events = AuditEvent.objects.in_territory(territory)
    if people_rules.is_administrator(user, territory):
        return events
    accounts = accounts_looked_after(user, territory).values("pk")
    return events.filter(
        Q(account__in=accounts)
        | Q(transfer__payer__in=accounts)
        | Q(transfer__payee__in=accounts)
        | Q(claim__receiver__time_account__in=accounts)
        | Q(claim__helper__time_account__in=accounts)
    )


def can_manage_account(user: User, territory: Territory, account: Account) -> bool:
    """Freeze, adjust, read the statement at the desk: a referent of the owner's commune, never
    for their own account; the pool and initiatives: the administrator."""
    if account.territory_id != territory.pk or not can_use_desk(user, territory) or is_party(user, account):
        return False
    if account.kind != AccountKind.PERSON:
        return people_rules.is_administrator(user, territory)
    return people_rules.can_manage_person(user, territory, account.owner)


def can_answer_claim(user: User, territory: Territory, claim: Claim) -> bool:
    """The receiver answers; a referent answers for an assisted receiver, unless they helped."""
    if claim.territory_id != territory.pk:
        return False
    if claim.receiver_id == user.pk:
        return True
    return not is_party(user, claim.helper_id) and people_rules.can_act_for(user, territory, claim.receiver)


def can_settle_claim(user: User, territory: Territory, claim: Claim) -> bool:
    """A referent of the receiver's commune settles a dispute, unless it is their own."""
    if claim.territory_id != territory.pk or is_party(user, claim.helper_id, claim.receiver_id):
        return False
    return people_rules.can_manage_person(user, territory, claim.receiver)


def can_see_claim(user: User, territory: Territory, claim: Claim) -> bool:
    """Its history: the two people, and the referents of either person's commune."""
    if claim.territory_id != territory.pk:
        return False
    if user.pk in (claim.helper_id, claim.receiver_id):
        return True
    return people_rules.can_manage_person(user, territory, claim.receiver) or people_rules.can_manage_person(
        user, territory, claim.helper
    )


def can_confirm_claim(user: User, territory: Territory, claim: Claim) -> bool:
    """A disputed claim is never simply confirmed: a referent settles it, with a reason
    (`can_settle_claim`), for the duration recorded or less."""
    if claim.status == ClaimStatus.DISPUTED:
        return False
    return can_answer_claim(user, territory, claim)


def _person_sides(transfer: Transfer) -> list[Account]:
    return [side for side in (transfer.payer, transfer.payee) if side.kind == AccountKind.PERSON]


def can_reverse(user: User, territory: Territory, transfer: Transfer) -> bool:
    """A referent of the communes concerned: they manage every person on both sides (a movement
    between the pool and an initiative: the administrator); never a party to it."""
    if transfer.territory_id != territory.pk or not can_use_desk(user, territory):
        return False
    if is_party(user, transfer.payer, transfer.payee):
        return False
    people = _person_sides(transfer)
    if not people:
        return people_rules.is_administrator(user, territory)
    return all(people_rules.can_manage_person(user, territory, side.owner) for side in people)


def can_see_statement(user: User, territory: Territory, account: Account) -> bool:
    return account.owner_id == user.pk or can_manage_account(user, territory, account)
