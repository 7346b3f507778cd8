"""Every movement of hours, each in one database transaction.

`transfer()` is the only function that moves hours: it locks the two accounts in
primary-key order (no deadlocks), checks the rules on the locked rows (open time bank,
active people, nobody entering a movement on their own account, freezing, limits), then
inserts the transfer; the database writes its two entries and both balances (triggers,
migration 0004). Anything wrong raises `TimebankError` with a French message and leaves
the ledger exactly as before.
"""

import contextlib
import datetime
import functools
import hashlib
import hmac
import uuid
from dataclasses import dataclass

from django.conf import settings as django_settings
from django.db import IntegrityError, connections, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.core import throttle
from entraide.people.models import User
from entraide.people.services import record_proxy_action
from entraide.territories.models import Territory

from . import notifications, rules
from .enums import AccountKind, AuditAction, ClaimStatus, TransferKind
from .formatting import format_minutes
from .models import MAX_CLAIM_MINUTES, Account, AuditEvent, Claim, TimebankSettings, Transfer

# Help recorded per helper (entraide.core.throttle): the helper's account is locked while counting.
CLAIM_LIMITS = (throttle.Limit(5, throttle.HOUR), throttle.Limit(20, throttle.DAY))
# Help counted per helper and day: what is recorded (and not rejected or cancelled) and paper cheques.
COUNTED_CLAIMS = [ClaimStatus.PENDING, ClaimStatus.DISPUTED, ClaimStatus.CONFIRMED]


class TimebankError(Exception):
    """A refused operation; `str(error)` is a French sentence for the person."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class TransferResult:
    transfer: Transfer
    created: bool  # False when the idempotency key had been used: nothing new was recorded


def log(
    territory: Territory | int, action: str, actor: User | None = None, detail: str = "", **objects
) -> None:
    territory_id = territory if isinstance(territory, int) else territory.pk
    AuditEvent.objects.create(
        territory_id=territory_id, action=action, actor=actor, detail=detail[:300], **objects
    )


def derived_key(purpose: str, value: object) -> uuid.UUID:
    """The key of an operation the server starts itself (a claim's confirmation, a welcome credit).

    An HMAC of SECRET_KEY: no client can compute it, so no form can use it first for another
    operation (forms send keys made when they are shown).
    """
    message = f"entraide.timebank:{purpose}:{value}".encode()
    digest = hmac.new(django_settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def _refuse_party(user: User | None, *sides) -> None:
    if rules.is_party(user, *sides):
        raise TimebankError(
            _("Nobody enters or approves a movement of hours on their own account: ask another referent.")
        )


def _refuse_unless_manages(referent: User, account: Account) -> None:
    _refuse_party(referent, account)
    if not rules.can_manage_account(referent, account.territory, account):
        raise TimebankError(_("You do not look after this account."))


# Accounts ---------------------------------------------------------------------------------------


def pool_for(territory: Territory) -> Account:
    """The territory's solidarity pool account, created the first time it is needed."""
    pool = Account.objects.filter(territory=territory, kind=AccountKind.POOL).first()
    if pool is None:
        try:
            with transaction.atomic():
                pool = Account.objects.create(territory=territory, kind=AccountKind.POOL)
        except IntegrityError:
            pool = Account.objects.get(territory=territory, kind=AccountKind.POOL)
    return pool


def account_of(person: User) -> Account | None:
    return Account.objects.filter(owner=person).first()


def _closed_error() -> TimebankError:
    return TimebankError(_("The time bank is closed in this territory: no hours move."))


@transaction.atomic
def open_account(person: User, *, by: User | None = None) -> Account:
    """Open `person`'s time account (once); give the welcome credit if the pool can fund it."""
    if not person.territory_id or not person.is_active:
        raise TimebankError(_("Only a resident of the territory can open a time account."))
    settings = TimebankSettings.for_territory(person.territory)
    if not settings.is_enabled:
        raise TimebankError(_("The time bank is closed in this territory."))
    account, created = Account.objects.get_or_create(
        owner=person, defaults={"territory": person.territory, "kind": AccountKind.PERSON}
    )
    if not created:
        return account
    pool = pool_for(person.territory)
    log(person.territory, AuditAction.ACCOUNT_OPENED, by or person, account=account)
    if by is not None and by != person:
        record_proxy_action(by, person, _("time account opened"))
    credit = settings.welcome_credit_minutes
    if credit and pool.balance_minutes >= credit:
        # If the pool ran dry meanwhile, the account opens without welcome credit.
        with contextlib.suppress(TimebankError):
            transfer(
                payer=pool,
                payee=account,
                minutes=credit,
                kind=TransferKind.WELCOME,
                description=_("Welcome credit"),
                idempotency_key=derived_key("welcome", account.public_id),
                created_by=by or person,
            )
    return account


@transaction.atomic
def set_frozen(account: Account, *, by: User, frozen: bool, reason: str) -> bool:
    """Put the account in the state asked for (not a toggle); False when it already was."""
    reason = reason.strip()
    if not reason:
        raise TimebankError(_("Say why."), field="reason")
    _refuse_party(by, account)
    account = Account.objects.select_for_update().get(pk=account.pk)
    if account.is_frozen == frozen:
        return False
    account.is_frozen = frozen
    account.frozen_reason = reason[:200] if frozen else ""
    account.save(update_fields=["is_frozen", "frozen_reason"])
    log(
        account.territory, AuditAction.FROZEN if frozen else AuditAction.UNFROZEN, by, reason, account=account
    )
    return True


# The ledger -------------------------------------------------------------------------------------


def _limit_error(account: Account, new_balance: int, *, paying: bool) -> str | None:
    """The payer may not go below the floor, the payee above the ceiling (the pool: below zero).

    Only the side a movement pushes is checked: an account already outside the range (limits
    changed, or a referent's logged exception) can always move back towards it.
    """
    if account.kind == AccountKind.POOL:
        if paying and new_balance < 0:
            return _("The solidarity pool holds only %(balance)s: %(missing)s are missing.") % {
                "balance": format_minutes(account.balance_minutes),
                "missing": format_minutes(-new_balance),
            }
        return None
    floor = TimebankSettings().floor_minutes if account.floor is None else account.floor
    ceiling = TimebankSettings().ceiling_minutes if account.ceiling is None else account.ceiling
    if paying and new_balance < floor:
        return _(
            "This transfer would take the account of %(name)s below the lowest balance allowed "
            "(%(floor)s) by %(excess)s."
        ) % {
            "name": account.label,
            "floor": format_minutes(floor),
            "excess": format_minutes(floor - new_balance),
        }
    if not paying and new_balance > ceiling:
        return _(
            "This transfer would take the account of %(name)s above the highest balance allowed "
            "(%(ceiling)s) by %(excess)s."
        ) % {
            "name": account.label,
            "ceiling": format_minutes(ceiling),
            "excess": format_minutes(new_balance - ceiling),
        }
    return None


def _replay_error() -> TimebankError:
    return TimebankError(
        _("This form was already used for another operation: reload the page and start again.")
    )


def _replayed(key: uuid.UUID, payer_id, payee_id, minutes, kind, reverses) -> TransferResult | None:
    """The transfer recorded with `key`, if it is this very operation; a refusal if it is another."""
    existing = Transfer.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    same = (existing.payer_id, existing.payee_id, existing.minutes, existing.kind, existing.reverses_id) == (
        payer_id,
        payee_id,
        minutes,
        kind,
        reverses.pk if reverses is not None else None,
    )
    if not same:
        raise _replay_error()
    return TransferResult(existing, created=False)


def transfer(
    *,
    payer: Account,
    payee: Account,
    minutes: int,
    kind: str,
    idempotency_key: uuid.UUID,
    created_by: User | None,
    description: str = "",
    reason: str = "",
    happened_on: datetime.date | None = None,
    category=None,
    entered_by: User | None = None,
    reverses: Transfer | None = None,
    limit_exception: bool = False,
) -> TransferResult:
    """Move `minutes` from `payer` to `payee`, once per `idempotency_key`.

    A key already used returns the transfer it recorded if it is the same operation (payer,
    payee, minutes, kind, reversed transfer), and is refused otherwise. `limit_exception` (a
    referent's reversal only) lets the movement pass a floor or ceiling; it is logged.
    """
    try:
        with transaction.atomic():
            return _transfer(
                payer=payer,
                payee=payee,
                minutes=minutes,
                kind=kind,
                idempotency_key=idempotency_key,
                created_by=created_by,
                description=description,
                reason=reason,
                happened_on=happened_on,
                category=category,
                entered_by=entered_by,
                reverses=reverses,
                limit_exception=limit_exception,
            )
    except IntegrityError:
        # The same form was submitted twice at the same moment: the other request won.
        existing = _replayed(idempotency_key, payer.pk, payee.pk, minutes, kind, reverses)
        if existing is None:
            raise
        return existing


# One statement locks both accounts (in primary-key order: no deadlock), says whether the key was
# used already, reads the territory's rules and whether each owner is still active. Written as SQL
# once: building it with the ORM cost more client time than the rest of a transfer.
_LOCK_COLUMNS = [
    "id",
    "territory_id",
    "kind",
    "owner_id",
    "name",
    "balance_minutes",
    "is_frozen",
    "frozen_reason",
]
_LOCK_SQL = """SELECT {columns},
    EXISTS (SELECT 1 FROM {transfer} WHERE idempotency_key = %s),
    s.floor_minutes, s.ceiling_minutes, s.is_enabled,
    COALESCE(NOT u.is_active, FALSE)
FROM {account} a
LEFT JOIN {settings} s ON s.territory_id = a.territory_id
LEFT JOIN {user} u ON u.id = a.owner_id
WHERE a.id IN (%s, %s)
ORDER BY a.id"""


@functools.cache
def _lock_sql(vendor: str) -> str:
    sql = _LOCK_SQL.format(
        columns=", ".join(f"a.{column}" for column in _LOCK_COLUMNS),
        transfer=Transfer._meta.db_table,
        account=Account._meta.db_table,
        settings=TimebankSettings._meta.db_table,
        user=User._meta.db_table,
    )
    # SQLite has no row locks: its transactions take the write lock at BEGIN (see settings).
    return sql + " FOR UPDATE OF a" if vendor == "postgresql" else sql


def _lock(payer_id: int, payee_id: int, key: uuid.UUID) -> dict[int, Account]:
    connection = connections[Account.objects.db]
    key_value = Transfer._meta.get_field("idempotency_key").get_db_prep_value(key, connection)
    with connection.cursor() as cursor:
        cursor.execute(_lock_sql(connection.vendor), [key_value, payer_id, payee_id])
        rows = cursor.fetchall()
    locked = {}
    width = len(_LOCK_COLUMNS)
    for row in rows:
        account = Account.from_db(connection.alias, _LOCK_COLUMNS, row[:width])
        account.replayed, account.floor, account.ceiling, account.enabled, account.owner_gone = (
            bool(row[width]),
            row[width + 1],
            row[width + 2],
            row[width + 3],
            bool(row[width + 4]),
        )
        locked[account.pk] = account
    return locked


def _transfer(*, payer, payee, minutes, kind, idempotency_key, reverses, limit_exception, **fields):
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        raise TimebankError(_("The duration must be a positive whole number of minutes."), field="minutes")
    if payer.pk == payee.pk:
        raise TimebankError(_("You cannot give hours to yourself."))
    happened_on = fields.pop("happened_on") or timezone.localdate()
    if happened_on > timezone.localdate():
        raise TimebankError(_("The date cannot be in the future."), field="happened_on")
    locked = _lock(payer.pk, payee.pk, idempotency_key)
    if len(locked) != 2:
        raise TimebankError(_("This account does not exist."))
    for given in (payer, payee):
        # The owner's name is only needed for a refusal or a log line: not joined in the locking
        # statement (it costs more than the rest), taken from the caller's object when it has it.
        if given.owner_id and Account.owner.is_cached(given) and locked[given.pk].owner_id == given.owner_id:
            locked[given.pk].owner = given.owner
    payer, payee = locked[payer.pk], locked[payee.pk]
    if payer.replayed:
        return _replayed(idempotency_key, payer.pk, payee.pk, minutes, kind, reverses)
    try:
        exceptions = _check_transfer(
            payer, payee, minutes, kind, reverses, fields["entered_by"], limit_exception
        )
    except TimebankError:
        # A replay that waited for our lock sees the first request's transfer only now (the
        # lock statement read an older snapshot): answer with it rather than with a refusal.
        existing = _replayed(idempotency_key, payer.pk, payee.pk, minutes, kind, reverses)
        if existing is not None:
            return existing
        raise
    record = Transfer(
        territory_id=payer.territory_id,
        kind=kind,
        payer=payer,
        payee=payee,
        minutes=minutes,
        idempotency_key=idempotency_key,
        reverses=reverses,
        happened_on=happened_on,
        **fields,
    )
    # One INSERT: the database writes both entries and both balances (`balance ± m`, never a
    # value computed in Python) in the same statement, while the accounts are locked.
    record.save(force_insert=True)
    if fields.get("entered_by"):
        # What members do is in the transfer itself; what referents do also goes to the log.
        log(
            record.territory_id,
            AuditAction.TRANSFER,
            fields["entered_by"],
            f"{record.get_kind_display()}: {payer.label} → {payee.label}, {format_minutes(minutes)}",
            transfer=record,
        )
    for account, message in exceptions:
        log(
            record.territory_id,
            AuditAction.LIMIT_EXCEPTION,
            fields["entered_by"],
            f"{record.reason} — {message}",
            account=account,
            transfer=record,
        )
    return TransferResult(record, created=True)


def _check_transfer(payer, payee, minutes, kind, reverses, entered_by, limit_exception):
    """Refuse what the rules forbid, on the locked rows; the limit exceptions allowed, if any."""
    if payer.territory_id != payee.territory_id:
        raise TimebankError(_("Hours never move between territories."))
    if payer.enabled is False:
        raise _closed_error()
    _refuse_party(entered_by, payer, payee)
    for account in (payer, payee):
        if account.owner_gone:
            raise TimebankError(
                _("%(name)s no longer uses the platform: no hours move to or from their account.")
                % {"name": account.label}
            )
        if account.is_frozen:
            raise TimebankError(
                _("The account of %(name)s is frozen: %(reason)s")
                % {"name": account.label, "reason": account.frozen_reason}
            )
    if kind == TransferKind.REVERSAL and (
        reverses is None or Transfer.objects.filter(reverses=reverses).exists()
    ):
        raise TimebankError(_("This transfer has already been reversed."))
    exceptions = []
    for account, new_balance, paying in (
        (payer, payer.balance_minutes - minutes, True),
        (payee, payee.balance_minutes + minutes, False),
    ):
        message = _limit_error(account, new_balance, paying=paying)
        if not message:
            continue
        if not (limit_exception and kind == TransferKind.REVERSAL and account.kind != AccountKind.POOL):
            raise TimebankError(message, field="minutes")
        exceptions.append((account, message))
    return exceptions


def give(
    *,
    giver: User,
    payee: Account,
    minutes: int,
    description: str,
    idempotency_key: uuid.UUID,
    entered_by: User | None = None,
) -> TransferResult:
    """A direct gift from one's own account (no confirmation needed), e.g. to the pool."""
    payer = account_of(giver)
    if payer is None:
        raise TimebankError(_("Open your time account first."))
    kind = TransferKind.DONATION if payee.kind == AccountKind.POOL else TransferKind.GIFT
    with transaction.atomic():
        result = transfer(
            payer=payer,
            payee=payee,
            minutes=minutes,
            kind=kind,
            description=description,
            idempotency_key=idempotency_key,
            created_by=entered_by or giver,
            entered_by=entered_by,
        )
        if result.created and entered_by is not None:
            record_proxy_action(
                entered_by,
                giver,
                _("gave %(minutes)s to %(name)s") % {"minutes": format_minutes(minutes), "name": payee.label},
            )
    return result


def grant_from_pool(
    *, referent: User, payee: Account, minutes: int, reason: str, idempotency_key: uuid.UUID
) -> TransferResult:
    """The referent grants hours from the solidarity pool to someone who cannot reciprocate."""
    if not reason.strip():
        raise TimebankError(_("Say why."), field="reason")
    if rules.is_party(referent, payee):
        raise TimebankError(_("Another referent must grant hours to you."), field="payee")
    _refuse_unless_manages(referent, payee)
    with transaction.atomic():
        result = transfer(
            payer=pool_for(payee.territory),
            payee=payee,
            minutes=minutes,
            kind=TransferKind.GRANT,
            reason=reason.strip(),
            description=reason.strip(),
            idempotency_key=idempotency_key,
            created_by=referent,
            entered_by=referent,
        )
        if result.created and payee.owner_id and payee.owner.is_assisted:
            record_proxy_action(
                referent,
                payee.owner,
                _("received %(minutes)s from the solidarity pool") % {"minutes": format_minutes(minutes)},
            )
    return result


def _help_minutes_on(helper: User, day: datetime.date) -> int:
    """Minutes of help `helper` gave on `day`: recorded help still counting, and paper cheques."""
    claimed = Claim.objects.filter(helper=helper, happened_on=day, status__in=COUNTED_CLAIMS).aggregate(
        total=Sum(Coalesce("settled_minutes", "minutes"))
    )["total"]
    paper = Transfer.objects.filter(
        kind=TransferKind.PAPER, payee__owner=helper, happened_on=day, reversed_by__isnull=True
    ).aggregate(total=Sum("minutes"))["total"]
    return (claimed or 0) + (paper or 0)


def _lock_in_order(*accounts: Account) -> None:
    """Lock accounts in primary-key order, as transfer() does (no deadlock with it)."""
    list(Account.objects.select_for_update().filter(pk__in=[a.pk for a in accounts]).order_by("pk"))


def _check_day_cap(helper: User, day: datetime.date, minutes: int) -> None:
    """At most 24 h of help per helper and day, whoever was helped (the caller holds the lock on
    the helper's account, so two forms sent at once are counted one after the other)."""
    already = _help_minutes_on(helper, day)
    if already + minutes > MAX_CLAIM_MINUTES:
        raise TimebankError(
            _("%(name)s already has %(already)s of help recorded on that day: a day has 24 hours.")
            % {"name": helper.display_name, "already": format_minutes(already)},
            field="minutes",
        )


def record_paper_cheque(
    *,
    referent: User,
    helper: User,
    receiver: User,
    minutes: int,
    happened_on: datetime.date,
    description: str,
    idempotency_key: uuid.UUID,
) -> TransferResult:
    """A "chèque temps" filled in on paper: the receiver pays the helper, entered by the referent."""
    payer, payee = account_of(receiver), account_of(helper)
    if payer is None or payee is None:
        raise TimebankError(_("Both people need a time account."))
    _refuse_party(referent, payer, payee)
    _refuse_unless_manages(referent, payer)
    _check_duration_and_date(minutes, happened_on)
    with transaction.atomic():
        if not Transfer.objects.filter(idempotency_key=idempotency_key).exists():
            _lock_in_order(payer, payee)
            _check_day_cap(helper, happened_on, minutes)
        result = transfer(
            payer=payer,
            payee=payee,
            minutes=minutes,
            kind=TransferKind.PAPER,
            description=description,
            happened_on=happened_on,
            idempotency_key=idempotency_key,
            created_by=referent,
            entered_by=referent,
        )
        if result.created:
            for person in (receiver, helper):
                if person.is_assisted:
                    record_proxy_action(referent, person, _("paper time cheque recorded"))
    return result


def adjust(
    *, referent: User, account: Account, minutes: int, reason: str, idempotency_key: uuid.UUID
) -> TransferResult:
    """Add (positive) or take (negative) minutes, against the solidarity pool, with a reason."""
    if not reason.strip():
        raise TimebankError(_("Say why."), field="reason")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes == 0:
        raise TimebankError(_("The adjustment cannot be zero."), field="minutes")
    _refuse_unless_manages(referent, account)
    pool = pool_for(account.territory)
    payer, payee = (pool, account) if minutes > 0 else (account, pool)
    return transfer(
        payer=payer,
        payee=payee,
        minutes=abs(minutes),
        kind=TransferKind.ADJUSTMENT,
        reason=reason.strip(),
        description=reason.strip(),
        idempotency_key=idempotency_key,
        created_by=referent,
        entered_by=referent,
    )


def reverse(
    *,
    original: Transfer,
    by: User,
    reason: str,
    idempotency_key: uuid.UUID,
    limit_exception: bool = False,
) -> TransferResult:
    """Correct a mistake: the same minutes back, referencing the original, with a reason.

    A reversal is a movement like any other: limits and freezing apply (later transfers may have
    spent the hours). `limit_exception` is the referent's explicit decision to pass a floor or a
    ceiling, logged with the reason; the pool never goes below zero.
    """
    if not reason.strip():
        raise TimebankError(_("Say why."), field="reason")
    if original.kind == TransferKind.REVERSAL:
        raise TimebankError(_("A reversal cannot itself be reversed; record a new transfer instead."))
    _refuse_party(by, original.payer, original.payee)
    if not rules.can_reverse(by, original.territory, original):
        raise TimebankError(_("Only a referent of the communes concerned can reverse this transfer."))
    return transfer(
        payer=original.payee,
        payee=original.payer,
        minutes=original.minutes,
        kind=TransferKind.REVERSAL,
        reason=reason.strip(),
        description=original.description,
        category=original.category,
        reverses=original,
        idempotency_key=idempotency_key,
        created_by=by,
        entered_by=by,
        limit_exception=limit_exception,
    )


# Claims -----------------------------------------------------------------------------------------


def _check_duration_and_date(minutes: int, happened_on: datetime.date) -> None:
    if not isinstance(minutes, int) or minutes <= 0 or minutes > MAX_CLAIM_MINUTES:
        raise TimebankError(_("The duration must be between 1 minute and 24 hours."), field="minutes")
    today = timezone.localdate()
    if happened_on > today:
        raise TimebankError(_("The date cannot be in the future."), field="happened_on")
    if happened_on < today - datetime.timedelta(days=366):
        raise TimebankError(_("The date is more than a year ago."), field="happened_on")


def record_claim(**fields) -> tuple[Claim, bool]:
    """The helper says "I helped <receiver> for <minutes> on <date>"; returns (claim, created).

    Keyword arguments: helper, receiver, minutes, happened_on, description, idempotency_key,
    and optionally category, exchange, entered_by.
    """
    try:
        with transaction.atomic():
            claim, created = _record_claim(**fields)
            if created:
                notifications.claim_recorded(claim)
            return claim, created
    except IntegrityError:
        # The same form (or the same exchange) was sent twice at the same moment.
        existing = Claim.objects.filter(idempotency_key=fields["idempotency_key"]).first()
        if existing is None:
            raise TimebankError(_("The hours of this exchange have already been recorded.")) from None
        _check_same_claim(existing, fields)
        return existing, False


def _check_same_claim(existing: Claim, fields: dict) -> None:
    same = (existing.helper_id, existing.receiver_id, existing.minutes, existing.happened_on) == (
        fields["helper"].pk,
        fields["receiver"].pk,
        fields["minutes"],
        fields["happened_on"],
    )
    if not same:
        raise _replay_error()


def _record_claim(
    *,
    helper: User,
    receiver: User,
    minutes: int,
    happened_on: datetime.date,
    description: str,
    idempotency_key: uuid.UUID,
    category=None,
    exchange=None,
    entered_by: User | None = None,
) -> tuple[Claim, bool]:
    existing = Claim.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        _check_same_claim(
            existing, {"helper": helper, "receiver": receiver, "minutes": minutes, "happened_on": happened_on}
        )
        return existing, False
    if helper.pk == receiver.pk:
        raise TimebankError(_("You cannot record hours for helping yourself."), field="receiver")
    if helper.territory_id != receiver.territory_id:
        raise TimebankError(_("Hours never move between territories."), field="receiver")
    if not TimebankSettings.for_territory(helper.territory).is_enabled:
        raise _closed_error()
    _refuse_party(entered_by, helper, receiver)
    _check_duration_and_date(minutes, happened_on)
    accounts = {}
    for person in (helper, receiver):
        account = account_of(person)
        if account is None:
            raise TimebankError(
                _("%(name)s has no time account.") % {"name": person.display_name}, field="receiver"
            )
        if not person.is_active:
            raise TimebankError(
                _("%(name)s no longer uses the platform: no hours move to or from their account.")
                % {"name": person.display_name},
                field="receiver",
            )
        if account.is_frozen:
            raise TimebankError(_("The account of %(name)s is frozen.") % {"name": person.display_name})
        accounts[person.pk] = account
    if exchange is not None and Claim.objects.filter(exchange=exchange).exists():
        raise TimebankError(_("The hours of this exchange have already been recorded."))
    _lock_in_order(accounts[helper.pk])
    try:
        throttle.check(
            Claim.objects.filter(helper=helper),
            CLAIM_LIMITS,
            _("You have recorded %(count)s claims in %(period)s: please wait before recording another one."),
        )
    except throttle.Throttled as error:
        raise TimebankError(" ".join(error.messages)) from None
    _check_day_cap(helper, happened_on, minutes)
    claim = Claim.objects.create(
        territory=helper.territory,
        helper=helper,
        receiver=receiver,
        minutes=minutes,
        happened_on=happened_on,
        description=description.strip()[:200],
        category=category,
        exchange=exchange,
        idempotency_key=idempotency_key,
        entered_by=entered_by,
    )
    log(claim.territory, AuditAction.CLAIM_RECORDED, entered_by or helper, str(claim), claim=claim)
    if entered_by is not None:
        record_proxy_action(
            entered_by, helper, _("help recorded for %(name)s") % {"name": receiver.display_name}
        )
    return claim, True


@transaction.atomic
def confirm_claim(
    claim: Claim,
    *,
    by: User | None,
    entered_by: User | None = None,
    automatic: bool = False,
    now: datetime.datetime | None = None,
) -> Claim:
    """The receiver (or their referent, or the delay) confirms: the hours move now.

    The claim is locked and its state read again: a disputed claim is never confirmed here, only
    settled by a referent with a reason (`settle_claim`); an assisted person's is never confirmed
    automatically.
    """
    claim = Claim.objects.select_for_update().select_related("receiver", "helper").get(pk=claim.pk)
    if claim.status == ClaimStatus.CONFIRMED:
        return claim
    if claim.status == ClaimStatus.REJECTED:
        raise TimebankError(_("This help was rejected by the referent."))
    if claim.status == ClaimStatus.CANCELLED:
        raise TimebankError(_("This recorded help was cancelled."))
    if claim.status == ClaimStatus.DISPUTED:
        raise TimebankError(_("This help is disputed: a referent settles it."))
    _refuse_party(by, claim.helper_id)
    _refuse_party(entered_by, claim.helper_id, claim.receiver_id)
    if automatic:
        settings = TimebankSettings.for_territory(claim.territory)
        now = now or timezone.now()
        if claim.receiver.is_assisted:
            raise TimebankError(_("The help of an assisted person is confirmed by their referent."))
        due = now - datetime.timedelta(days=settings.auto_confirm_days)
        if claim.reminded_at is None or claim.reminded_at > due:
            raise TimebankError(_("This help is not due for automatic confirmation."))
    result = _pay_claim(claim, minutes=claim.minutes, created_by=by, entered_by=entered_by)
    claim.save(update_fields=["status", "transfer", "answered_by", "answered_at"])
    action = AuditAction.CLAIM_AUTO_CONFIRMED if automatic else AuditAction.CLAIM_CONFIRMED
    log(claim.territory, action, entered_by or by, str(claim), claim=claim, transfer=result.transfer)
    if entered_by is not None and claim.receiver.is_assisted:
        record_proxy_action(
            entered_by, claim.receiver, _("help confirmed: %(what)s") % {"what": claim.description}
        )
    return claim


def _pay_claim(claim: Claim, *, minutes: int, created_by: User | None, entered_by: User | None):
    """Move a claim's hours (the recorded or the settled minutes) and mark it confirmed, unsaved.

    The transfer's key is derived on the server from the claim, so that nothing else can use it."""
    payer, payee = account_of(claim.receiver), account_of(claim.helper)
    if payer is None or payee is None:
        raise TimebankError(_("Both people need a time account."))
    result = transfer(
        payer=payer,
        payee=payee,
        minutes=minutes,
        kind=TransferKind.CLAIM,
        description=claim.description,
        happened_on=claim.happened_on,
        category=claim.category,
        idempotency_key=derived_key("claim", claim.public_id),
        created_by=created_by,
        entered_by=entered_by,
    )
    claim.status = ClaimStatus.CONFIRMED
    claim.transfer = result.transfer
    claim.answered_by = entered_by or created_by
    claim.answered_at = timezone.now()
    return result


@transaction.atomic
def settle_claim(claim: Claim, *, referent: User, minutes: int, reason: str) -> Claim:
    """A referent settles a dispute: the hours move for `minutes` (at most the recorded duration),
    with a reason both parties are told. One transaction: the claim is locked, then the transfer
    obeys every rule of `transfer()` (parties, limits, closed bank, frozen accounts)."""
    reason = reason.strip()
    if not reason:
        raise TimebankError(_("Say why, so that both people understand the decision."), field="reason")
    claim = (
        Claim.objects.select_for_update().select_related("receiver", "helper", "territory").get(pk=claim.pk)
    )
    _refuse_party(referent, claim.helper_id, claim.receiver_id)
    if not rules.can_settle_claim(referent, claim.territory, claim):
        raise TimebankError(_("Only a referent of the commune of the person helped settles this help."))
    if claim.status != ClaimStatus.DISPUTED:
        raise TimebankError(_("This help is not disputed any more: it has already been answered."))
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 < minutes <= claim.minutes:
        raise TimebankError(
            _("The duration settled must be more than zero and at most the %(duration)s recorded.")
            % {"duration": format_minutes(claim.minutes)},
            field="minutes",
        )
    result = _pay_claim(claim, minutes=minutes, created_by=referent, entered_by=referent)
    claim.settled_minutes = minutes
    claim.decision_reason = reason[:200]
    # The dispute is closed: its reason stays in the claim's history (the log), not on the claim.
    claim.dispute_reason = ""
    claim.save(
        update_fields=[
            "status",
            "transfer",
            "settled_minutes",
            "decision_reason",
            "answered_by",
            "answered_at",
            "dispute_reason",
        ]
    )
    log(
        claim.territory,
        AuditAction.CLAIM_SETTLED,
        referent,
        reason,
        claim=claim,
        transfer=result.transfer,
    )
    for person in (claim.receiver, claim.helper):
        if person.is_assisted:
            record_proxy_action(
                referent,
                person,
                _("dispute settled for %(duration)s: %(what)s")
                % {"duration": format_minutes(minutes), "what": claim.description},
            )
    notifications.claim_settled(claim)
    return claim


@transaction.atomic
def dispute_claim(claim: Claim, *, by: User, reason: str, entered_by: User | None = None) -> Claim:
    reason = reason.strip()
    if not reason:
        raise TimebankError(_("Say what is wrong, so that the referent can help."), field="reason")
    claim = Claim.objects.select_for_update().select_related("receiver", "helper").get(pk=claim.pk)
    if claim.status != ClaimStatus.PENDING:
        raise TimebankError(_("This help has already been answered."))
    _refuse_party(by, claim.helper_id)
    _refuse_party(entered_by, claim.helper_id, claim.receiver_id)
    claim.status = ClaimStatus.DISPUTED
    claim.dispute_reason = reason[:200]
    claim.answered_by = entered_by or by
    claim.answered_at = timezone.now()
    claim.save(update_fields=["status", "dispute_reason", "answered_by", "answered_at"])
    log(claim.territory, AuditAction.CLAIM_DISPUTED, entered_by or by, reason, claim=claim)
    notifications.claim_disputed(claim)
    return claim


@transaction.atomic
def reject_claim(claim: Claim, *, referent: User, reason: str) -> Claim:
    """The referent settles a dispute against the claim: no hours move."""
    reason = reason.strip()
    if not reason:
        raise TimebankError(_("Say why."), field="reason")
    claim = Claim.objects.select_for_update().select_related("receiver", "helper").get(pk=claim.pk)
    _refuse_party(referent, claim.helper_id, claim.receiver_id)
    if claim.status == ClaimStatus.CONFIRMED:
        raise TimebankError(_("This help is already confirmed: reverse the transfer instead."))
    if claim.status in (ClaimStatus.REJECTED, ClaimStatus.CANCELLED):
        raise TimebankError(_("This help has already been answered."))
    claim.status = ClaimStatus.REJECTED
    claim.decision_reason = reason[:200]
    claim.answered_by = referent
    claim.answered_at = timezone.now()
    claim.save(update_fields=["status", "decision_reason", "answered_by", "answered_at"])
    log(claim.territory, AuditAction.CLAIM_REJECTED, referent, reason, claim=claim)
    notifications.claim_rejected(claim)
    return claim


def cancel_pending_claims(person: User, *, reason: str) -> int:
    """Cancel the unanswered help `person` recorded or received (e.g. on erasure): no hours move."""
    count = 0
    claims = Claim.objects.select_for_update().filter(
        Q(helper=person) | Q(receiver=person), status__in=[ClaimStatus.PENDING, ClaimStatus.DISPUTED]
    )
    for claim in claims:
        claim.status = ClaimStatus.CANCELLED
        claim.answered_at = timezone.now()
        claim.save(update_fields=["status", "answered_at"])
        log(claim.territory, AuditAction.CLAIM_CANCELLED, None, reason, claim=claim)
        count += 1
    return count


def remind_and_confirm_due(territory: Territory, now: datetime.datetime | None = None) -> dict[str, int]:
    """Remind receivers of unanswered help (an assisted person's referents), and confirm it once
    the delay after the reminder is over — never an assisted person's, never in a closed bank."""
    now = now or timezone.now()
    settings = TimebankSettings.for_territory(territory)
    counts = {"reminded": 0, "confirmed": 0, "refused": 0}
    if not settings.is_enabled:
        return counts
    pending = Claim.objects.in_territory(territory).pending()
    to_remind = pending.filter(
        reminded_at__isnull=True, created_at__lte=now - datetime.timedelta(days=settings.reminder_days)
    ).select_related("receiver", "helper")
    for claim in to_remind:
        with transaction.atomic():
            if Claim.objects.filter(pk=claim.pk, reminded_at__isnull=True, status=ClaimStatus.PENDING).update(
                reminded_at=now
            ):
                log(territory, AuditAction.CLAIM_REMINDED, None, str(claim), claim=claim)
                counts["reminded"] += 1
                notifications.claim_reminder(claim, settings)
    due = pending.filter(
        reminded_at__lte=now - datetime.timedelta(days=settings.auto_confirm_days),
        receiver__is_assisted=False,
    )
    for claim in due:
        # confirm_claim locks the claim and reads its state again: a dispute committed since
        # this list was read is not confirmed.
        try:
            confirm_claim(claim, by=None, automatic=True, now=now)
            counts["confirmed"] += 1
        except TimebankError as error:
            log(territory, AuditAction.CLAIM_REMINDED, None, str(error), claim=claim)
            counts["refused"] += 1
    return counts
