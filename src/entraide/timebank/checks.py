"""The ledger check: every rule of the time bank, verified on the stored rows.

`check_ledger()` returns one line per fault, `[territory] rule: what is wrong`, naming the
account, transfer or claim; empty when all is well. The database and the services already
refuse each of these states: the check is for what neither can see (a restored backup, a
hand-made fix, a future bug), and each rule has a test that builds the broken state directly.
`allowed_exceptions()` lists what is outside the rules on a referent's logged decision.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, F, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .enums import AccountKind, AuditAction, ClaimStatus, TransferKind
from .models import MAX_CLAIM_MINUTES, Account, AuditEvent, Claim, Entry, TimebankSettings, Transfer

COUNTED_CLAIMS = [ClaimStatus.PENDING, ClaimStatus.DISPUTED, ClaimStatus.CONFIRMED]
RULES = [
    "balance",
    "entries",
    "territory",
    "zero-sum",
    "reversal",
    "claim-transfer",
    "claim-without-transfer",
    "transfer-without-claim",
    "confirmed-disputed",
    "party",
    "limits",
    "pool",
    "frozen",
    "erased",
    "future",
    "day-cap",
    "welcome",
    "owner-territory",
]


def _sum(expression, **extra):
    return Coalesce(Sum(expression, **extra), Value(0), output_field=IntegerField())


def check_ledger(territories) -> list[str]:
    """Every fault found, one line each; empty when all is well."""
    problems = []
    for territory in territories:
        for rule, message in _faults(territory):
            problems.append(f"[{territory.slug}] {rule}: {message}")
    return problems


def allowed_exceptions(territories) -> list[str]:
    """Balances outside the limits on a referent's logged exception: listed, not faults."""
    lines = []
    for territory in territories:
        for account, excess in _outside_limits(territory):
            if _has_exception(account):
                lines.append(f"[{territory.slug}] limits (allowed exception): {_name(account)} {excess}")
    return lines


def _name(account: Account) -> str:
    return f"account {account.public_id} ({account.label})"


def _has_exception(account: Account) -> bool:
    return AuditEvent.objects.filter(account=account, action=AuditAction.LIMIT_EXCEPTION).exists()


def _outside_limits(territory):
    settings = TimebankSettings.for_territory(territory)
    accounts = (
        Account.objects.in_territory(territory)
        .exclude(kind=AccountKind.POOL)
        .filter(
            Q(balance_minutes__lt=settings.floor_minutes) | Q(balance_minutes__gt=settings.ceiling_minutes)
        )
        .select_related("owner")
    )
    for account in accounts:
        if account.balance_minutes < settings.floor_minutes:
            yield (
                account,
                f"balance {account.balance_minutes} min, below the floor {settings.floor_minutes} min",
            )
        else:
            yield (
                account,
                f"balance {account.balance_minutes} min, above the ceiling {settings.ceiling_minutes} min",
            )


def _faults(territory):
    accounts = Account.objects.in_territory(territory)
    transfers = Transfer.objects.in_territory(territory)
    claims = Claim.objects.in_territory(territory)

    # balance: the stored balance equals the sum of the account's entries.
    for account in (
        accounts.annotate(total=_sum("entries__amount_minutes"))
        .filter(~Q(balance_minutes=F("total")))
        .select_related("owner")
    ):
        yield (
            "balance",
            f"{_name(account)}: stored balance {account.balance_minutes} min, "
            f"entries sum to {account.total} min",
        )

    # entries: exactly two, -minutes on the payer and +minutes on the payee, payer ≠ payee.
    for transfer in transfers.filter(payer=F("payee")):
        yield "entries", f"transfer {transfer.public_id} pays an account to itself"
    for transfer in (
        transfers.annotate(
            count=Count("entries"),
            payer_side=_sum("entries__amount_minutes", filter=Q(entries__account_id=F("payer_id"))),
            payee_side=_sum("entries__amount_minutes", filter=Q(entries__account_id=F("payee_id"))),
        )
        .exclude(count=2, payer_side=-F("minutes"), payee_side=F("minutes"))
        .exclude(payer=F("payee"))
    ):
        yield (
            "entries",
            f"transfer {transfer.public_id}: {transfer.count} entries, {transfer.payer_side} min on the "
            f"payer and {transfer.payee_side} min on the payee, instead of two: "
            f"-{transfer.minutes} and +{transfer.minutes}",
        )

    # territory: both accounts and the transfer in one territory.
    for transfer in Transfer.objects.filter(
        Q(territory=territory) | Q(payer__territory=territory) | Q(payee__territory=territory)
    ).exclude(payer__territory=F("territory_id"), payee__territory=F("territory_id")):
        yield "territory", f"transfer {transfer.public_id}: its accounts are not both in its territory"

    # zero-sum: the entries (not only the stored balances) of the territory sum to zero.
    entries_total = Entry.objects.in_territory(territory).aggregate(total=_sum("amount_minutes"))["total"]
    if entries_total:
        yield "zero-sum", f"the entries sum to {entries_total} min instead of 0"
    balances_total = accounts.aggregate(total=_sum("balance_minutes"))["total"]
    if balances_total:
        yield "zero-sum", f"balances sum to {balances_total} min instead of 0"

    # reversal: of a non-reversal, the parties swapped, the same minutes, one per original.
    for reversal in transfers.filter(kind=TransferKind.REVERSAL).select_related("reverses"):
        original = reversal.reverses
        if original is None or original.kind == TransferKind.REVERSAL:
            yield "reversal", f"transfer {reversal.public_id} reverses no transfer, or a reversal"
        elif (reversal.payer_id, reversal.payee_id, reversal.minutes) != (
            original.payee_id,
            original.payer_id,
            original.minutes,
        ):
            yield (
                "reversal",
                f"transfer {reversal.public_id} does not give back transfer {original.public_id} "
                "(the same minutes, the parties swapped)",
            )
    for row in (
        transfers.filter(kind=TransferKind.REVERSAL)
        .values("reverses__public_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    ):
        yield "reversal", f"transfer {row['reverses__public_id']} is reversed {row['n']} times"

    # claim-transfer: a confirmed claim has a claim transfer from its receiver to its helper,
    # of its minutes (those a referent settled a dispute for, if any) and date; a claim that is
    # not confirmed has none.
    for claim in claims.filter(Q(status=ClaimStatus.CONFIRMED) | Q(transfer__isnull=False)).select_related(
        "transfer__payer", "transfer__payee"
    ):
        record = claim.transfer
        if claim.status != ClaimStatus.CONFIRMED:
            yield "claim-transfer", f"claim {claim.public_id} is {claim.status} but has a transfer"
        elif record is None:
            yield "claim-without-transfer", f"claim {claim.public_id} is confirmed but no hours moved"
        elif (
            record.kind,
            record.payer.owner_id,
            record.payee.owner_id,
            record.minutes,
            record.happened_on,
        ) != (TransferKind.CLAIM, claim.receiver_id, claim.helper_id, claim.paid_minutes, claim.happened_on):
            settled = "" if claim.settled_minutes is None else f", settled for {claim.settled_minutes} min"
            yield (
                "claim-transfer",
                f"claim {claim.public_id} ({claim.minutes} min{settled}) is confirmed by transfer "
                f"{record.public_id} ({record.get_kind_display()}, {record.minutes} min), which is not "
                "its hours from the receiver to the helper",
            )

    # transfer-without-claim: every claim transfer belongs to a claim.
    for transfer in transfers.filter(kind=TransferKind.CLAIM, claim__isnull=True):
        yield "transfer-without-claim", f"transfer {transfer.public_id} is help confirmed, but of no claim"

    # confirmed-disputed: a dispute is settled before the claim is confirmed.
    for claim in claims.filter(status=ClaimStatus.CONFIRMED).exclude(dispute_reason=""):
        yield "confirmed-disputed", f"claim {claim.public_id} is confirmed while it carries a dispute"

    # party: no movement entered or approved by one of its parties.
    for transfer in transfers.filter(
        Q(entered_by=F("payer__owner")) | Q(entered_by=F("payee__owner"))
    ).select_related("entered_by"):
        yield (
            "party",
            f"transfer {transfer.public_id} was entered by {transfer.entered_by.display_name}, "
            "one of its parties",
        )
    for claim in claims.filter(
        Q(answered_by=F("helper")) | Q(entered_by=F("receiver")) | Q(entered_by=F("helper"))
    ):
        yield "party", f"claim {claim.public_id} was entered or answered by one of its parties"

    # limits: balances within floor and ceiling, unless a referent's exception is logged.
    for account, excess in _outside_limits(territory):
        if not _has_exception(account):
            yield "limits", f"{_name(account)}: {excess}"

    # pool: never below zero.
    for pool in accounts.filter(kind=AccountKind.POOL, balance_minutes__lt=0):
        yield "pool", f"the solidarity pool holds {pool.balance_minutes} min"

    # frozen and erased: nothing moves into or out of a frozen account after its freezing, nor
    # for a person after the erasure of their data.
    yield from _frozen_faults(territory)

    # future: no date in the future.
    today = timezone.localdate()
    for transfer in transfers.filter(happened_on__gt=today):
        yield "future", f"transfer {transfer.public_id} is dated {transfer.happened_on}, in the future"
    for claim in claims.filter(happened_on__gt=today):
        yield "future", f"claim {claim.public_id} is dated {claim.happened_on}, in the future"

    # day-cap: at most 24 h of help per helper and day (recorded help still counting, paper cheques).
    per_day = defaultdict(int)
    for row in (
        claims.filter(status__in=COUNTED_CLAIMS)
        .values("helper_id", "happened_on")
        .annotate(total=Sum(Coalesce("settled_minutes", "minutes")))
    ):
        per_day[row["helper_id"], row["happened_on"]] += row["total"]
    for row in (
        transfers.filter(kind=TransferKind.PAPER, reversed_by__isnull=True)
        .values("payee__owner_id", "happened_on")
        .annotate(total=Sum("minutes"))
    ):
        per_day[row["payee__owner_id"], row["happened_on"]] += row["total"]
    for (helper_id, day), total in sorted(per_day.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        if total > MAX_CLAIM_MINUTES:
            yield "day-cap", f"person {helper_id} has {total} min of help on {day}, more than 24 h"

    # welcome: at most one welcome credit per account, from the pool.
    for transfer in transfers.filter(kind=TransferKind.WELCOME).exclude(payer__kind=AccountKind.POOL):
        yield "welcome", f"welcome credit {transfer.public_id} does not come from the pool"
    for row in (
        transfers.filter(kind=TransferKind.WELCOME, reversed_by__isnull=True)
        .values("payee__public_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    ):
        yield "welcome", f"account {row['payee__public_id']} received {row['n']} welcome credits"

    # owner-territory: each account's owner lives in the account's territory.
    for account in accounts.filter(owner__isnull=False).exclude(owner__territory=F("territory_id")):
        yield "owner-territory", f"{_name(account)}: its owner belongs to another territory"


def _frozen_faults(territory):
    """Transfers (and claims, for erased people) made while an account was frozen or erased."""
    events = (
        AuditEvent.objects.in_territory(territory)
        .filter(
            action__in=[AuditAction.FROZEN, AuditAction.UNFROZEN, AuditAction.ERASED], account__isnull=False
        )
        .order_by("account_id", "created_at", "pk")
        .values_list("account_id", "action", "created_at")
    )
    periods = defaultdict(list)  # account id -> [(start, end or None, rule)]
    for account_id, action, at in events:
        spans = periods[account_id]
        if action == AuditAction.UNFROZEN:
            if spans and spans[-1][1] is None and spans[-1][2] == "frozen":
                spans[-1] = (spans[-1][0], at, "frozen")
        elif action == AuditAction.ERASED:
            spans.append((at, None, "erased"))
        elif not spans or spans[-1][1] is not None:
            spans.append((at, None, "frozen"))
    far = timezone.now() + datetime.timedelta(days=365 * 100)
    for account_id, spans in periods.items():
        account = Account.objects.select_related("owner").get(pk=account_id)
        for start, end, rule in spans:
            moved = Transfer.objects.filter(
                Q(payer_id=account_id) | Q(payee_id=account_id),
                created_at__gt=start,
                created_at__lt=end or far,
            )
            for transfer in moved:
                yield rule, f"transfer {transfer.public_id} moved hours of {_name(account)} while {rule}"
            if rule == "erased" and account.owner_id:
                for claim in Claim.objects.filter(
                    Q(helper_id=account.owner_id) | Q(receiver_id=account.owner_id), created_at__gt=start
                ):
                    yield rule, f"claim {claim.public_id} was recorded for {_name(account)} after erasure"
