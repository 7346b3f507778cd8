"""Who may do what in the time bank; roles are read through entraide.people.rules only."""

from django.db.models import Q

from entraide.people import rules as people_rules
from entraide.people.models import User
from entraide.territories.models import Territory

from .enums import AccountKind
from .models import Account, Claim, Transfer


def can_use_desk(user: User, territory: Territory) -> bool:
    return people_rules.is_referent(user, territory)


def accounts_looked_after(user: User, territory: Territory):
    """Accounts a referent sees: people of their communes, plus the pool and initiatives."""
    accounts = Account.objects.in_territory(territory)
    if people_rules.is_administrator(user, territory):
        return accounts
    return accounts.filter(
        ~Q(kind=AccountKind.PERSON)
        | Q(owner__commune_id__in=people_rules.referent_commune_ids(user, territory))
    )


def can_manage_account(user: User, territory: Territory, account: Account) -> bool:
    if account.territory_id != territory.pk or not can_use_desk(user, territory):
        return False
    if account.kind != AccountKind.PERSON:
        return True
    return people_rules.can_manage_person(user, territory, account.owner)


def can_answer_claim(user: User, territory: Territory, claim: Claim) -> bool:
    """The receiver answers; a referent answers for an assisted person, or settles a dispute."""
    if claim.territory_id != territory.pk:
        return False
    if claim.receiver_id == user.pk:
        return True
    return people_rules.can_act_for(user, territory, claim.receiver)


def can_settle_claim(user: User, territory: Territory, claim: Claim) -> bool:
    """A referent of the receiver's commune settles a dispute, unless it is their own."""
    if claim.territory_id != territory.pk or user.pk in (claim.helper_id, claim.receiver_id):
        return False
    return people_rules.can_manage_person(user, territory, claim.receiver)


def can_reverse(user: User, territory: Territory, transfer: Transfer) -> bool:
    return transfer.territory_id == territory.pk and (
        can_manage_account(user, territory, transfer.payer)
        or can_manage_account(user, territory, transfer.payee)
    )


def can_see_statement(user: User, territory: Territory, account: Account) -> bool:
    return account.owner_id == user.pk or can_manage_account(user, territory, account)
