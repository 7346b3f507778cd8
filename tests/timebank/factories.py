import uuid

import factory

from entraide.board.models import Exchange
from entraide.timebank import services
from entraide.timebank.enums import AccountKind
from entraide.timebank.models import Account

from ..factories import UserFactory


class AccountFactory(factory.django.DjangoModelFactory):
    """A person's time account, opened without welcome credit."""

    class Meta:
        model = Account

    owner = factory.SubFactory(UserFactory)
    territory = factory.SelfAttribute("owner.territory")
    kind = AccountKind.PERSON


class ExchangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exchange

    helper = factory.SubFactory(UserFactory)
    receiver = factory.SubFactory(UserFactory, commune=factory.SelfAttribute("..helper.commune"))
    territory = factory.SelfAttribute("helper.territory")
    duration_minutes = 90


def fund(account: Account, minutes: int, *, from_account: Account | None = None) -> None:
    """Give `account` some minutes through the ledger (from a fresh account unless told)."""
    payer = from_account or AccountFactory(owner__commune=account.territory.communes.first())
    services.transfer(
        payer=payer,
        payee=account,
        minutes=minutes,
        kind="gift",
        idempotency_key=uuid.uuid4(),
        created_by=None,
    )
