"""Every movement of hours, each in one database transaction.

`transfer()` is the only function that writes ledger entries: it locks the two
accounts in primary-key order (no deadlocks), checks freezing and limits on the
locked rows, writes the transfer, its two entries and both balances, then
commits. Anything wrong raises `TimebankError` with a French message and
leaves the ledger exactly as before.
"""

import contextlib
import datetime
import uuid
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import IntegrityError, connections, transaction
from django.db.models import Case, Exists, F, OuterRef, Subquery, Value, When
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.people.models import User
from entraide.people.services import record_proxy_action
from entraide.territories.models import Territory

from .enums import AccountKind, AuditAction, ClaimStatus, TransferKind
from .formatting import format_minutes
from .models import MAX_CLAIM_MINUTES, Account, AuditEvent, Claim, Entry, TimebankSettings, Transfer

CLAIM_NAMESPACE = uuid.UUID("5b1e4b8e-8f0c-4a53-9a3e-0d3c1d6b7a10")
WELCOME_NAMESPACE = uuid.UUID("0f3f4e1c-2a7b-4c61-8f1e-6c2d9b8a4e21")


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
                idempotency_key=uuid.uuid5(WELCOME_NAMESPACE, str(account.public_id)),
                created_by=by or person,
            )
    return account


@transaction.atomic
def set_frozen(account: Account, *, by: User, frozen: bool, reason: str) -> Account:
    reason = reason.strip()
    if not reason:
        raise TimebankError(_("Say why."), field="reason")
    account = Account.objects.select_for_update().get(pk=account.pk)
    account.is_frozen = frozen
    account.frozen_reason = reason[:200] if frozen else ""
    account.save(update_fields=["is_frozen", "frozen_reason"])
    log(
        account.territory, AuditAction.FROZEN if frozen else AuditAction.UNFROZEN, by, reason, account=account
    )
    return account


# The ledger -------------------------------------------------------------------------------------


def _limit_error(account: Account, settings: TimebankSettings, new_balance: int) -> str | None:
    if account.kind == AccountKind.POOL:
        if new_balance < 0:
            return _("The solidarity pool holds only %(balance)s: %(missing)s are missing.") % {
                "balance": format_minutes(account.balance_minutes),
                "missing": format_minutes(-new_balance),
            }
        return None
    if new_balance < settings.floor_minutes:
        return _(
            "This transfer would take the account of %(name)s below the lowest balance allowed "
            "(%(floor)s) by %(excess)s."
        ) % {
            "name": account.label,
            "floor": format_minutes(settings.floor_minutes),
            "excess": format_minutes(settings.floor_minutes - new_balance),
        }
    if new_balance > settings.ceiling_minutes:
        return _(
            "This transfer would take the account of %(name)s above the highest balance allowed "
            "(%(ceiling)s) by %(excess)s."
        ) % {
            "name": account.label,
            "ceiling": format_minutes(settings.ceiling_minutes),
            "excess": format_minutes(new_balance - settings.ceiling_minutes),
        }
    return None


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
) -> TransferResult:
    """Move `minutes` from `payer` to `payee`, once per `idempotency_key`."""
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
            )
    except IntegrityError:
        # The same form was submitted twice at the same moment: the other request won.
        existing = Transfer.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return TransferResult(existing, created=False)


def _transfer(*, payer, payee, minutes, kind, idempotency_key, reverses, **fields) -> TransferResult:
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        raise TimebankError(_("The duration must be a positive whole number of minutes."), field="minutes")
    if payer.pk == payee.pk:
        raise TimebankError(_("You cannot give hours to yourself."))
    # One statement locks both accounts (in primary-key order: no deadlock), says whether the key
    # was used already and reads the territory's limits.
    rules = TimebankSettings.objects.filter(territory_id=OuterRef("territory_id"))
    locked = {
        a.pk: a
        for a in Account.objects.select_for_update(of=("self",))
        .annotate(
            replayed=Exists(Transfer.objects.filter(idempotency_key=idempotency_key)),
            floor=Subquery(rules.values("floor_minutes")[:1]),
            ceiling=Subquery(rules.values("ceiling_minutes")[:1]),
        )
        .filter(pk__in=[payer.pk, payee.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise TimebankError(_("This account does not exist."))
    for given in (payer, payee):
        # The owner's name is only needed for a refusal or a log line: not joined in the locking
        # statement (it costs more than the rest), taken from the caller's object when it has it.
        if given.owner_id and Account.owner.is_cached(given) and locked[given.pk].owner_id == given.owner_id:
            locked[given.pk].owner = given.owner
    payer, payee = locked[payer.pk], locked[payee.pk]
    if payer.replayed:
        return TransferResult(Transfer.objects.get(idempotency_key=idempotency_key), created=False)
    try:
        _check_transfer(payer, payee, minutes, kind, reverses)
    except TimebankError:
        # A replay that waited for our lock sees the first request's transfer only now (the
        # lock statement read an older snapshot): answer with it rather than with a refusal.
        existing = Transfer.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return TransferResult(existing, created=False)
        raise
    record = Transfer(
        territory_id=payer.territory_id,
        kind=kind,
        payer=payer,
        payee=payee,
        minutes=minutes,
        idempotency_key=idempotency_key,
        reverses=reverses,
        happened_on=fields.pop("happened_on") or timezone.localdate(),
        **fields,
    )
    _write(record)
    if fields.get("entered_by"):
        # What members do is in the transfer itself; what referents do also goes to the log.
        log(
            record.territory_id,
            AuditAction.TRANSFER,
            fields["entered_by"],
            f"{record.get_kind_display()}: {payer.label} → {payee.label}, {format_minutes(minutes)}",
            transfer=record,
        )
    return TransferResult(record, created=True)


def _write(record: Transfer) -> None:
    """Write the transfer, its two entries and both balances (the two accounts are locked)."""
    payer_id, payee_id, minutes = record.payer_id, record.payee_id, record.minutes
    connection = connections[Transfer.objects.db]
    if connection.vendor == "postgresql":
        # One statement, one round trip, while the accounts are locked: the transfer, its entries
        # (which reference it: foreign keys are checked at the end of the statement, the deferred
        # trigger at commit) and both balances (`balance + m`, never a value computed in Python).
        # Django writes the INSERT of the transfer, so every field is prepared as by save().
        query = InsertQuery(Transfer)
        query.insert_values([f for f in Transfer._meta.local_concrete_fields if not f.primary_key], [record])
        compiler = query.get_compiler(connection=connection)
        compiler.returning_fields = [Transfer._meta.pk]
        [(insert, params)] = compiler.as_sql()
        entry = connection.ops.quote_name(Entry._meta.db_table)
        account = connection.ops.quote_name(Account._meta.db_table)
        # Table names come from the models; every value is a parameter.
        sql = f"""WITH new_transfer AS ({insert}),
            new_entries AS (INSERT INTO {entry} (transfer_id, account_id, amount_minutes)
                SELECT new_transfer.id, side.account_id, side.amount
                FROM new_transfer, (VALUES (%s, %s), (%s, %s)) AS side (account_id, amount)),
            new_balances AS (UPDATE {account}
                SET balance_minutes = balance_minutes + (CASE WHEN id = %s THEN %s ELSE %s END)
                WHERE id IN (%s, %s))
            SELECT id FROM new_transfer"""  # noqa: S608
        entries = [payer_id, -minutes, payee_id, minutes]
        balances = [payer_id, -minutes, minutes, payer_id, payee_id]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *entries, *balances])
            record.pk = cursor.fetchone()[0]
        record._state.adding, record._state.db = False, connection.alias
        return
    record.save(force_insert=True)
    Entry.objects.bulk_create(
        [
            Entry(transfer=record, account_id=payer_id, amount_minutes=-minutes),
            Entry(transfer=record, account_id=payee_id, amount_minutes=minutes),
        ]
    )
    Account.objects.filter(pk__in=[payer_id, payee_id]).update(
        balance_minutes=F("balance_minutes")
        + Case(When(pk=payer_id, then=Value(-minutes)), default=Value(minutes))
    )


def _check_transfer(payer: Account, payee: Account, minutes: int, kind: str, reverses) -> None:
    """Refuse what the rules forbid, on the locked rows."""
    if payer.territory_id != payee.territory_id:
        raise TimebankError(_("Hours never move between territories."))
    if kind == TransferKind.REVERSAL:
        # A reversal restores an earlier state: no limit or freezing applies to it.
        if reverses is None or Transfer.objects.filter(reverses=reverses).exists():
            raise TimebankError(_("This transfer has already been reversed."))
        return
    for account in (payer, payee):
        if account.is_frozen:
            raise TimebankError(
                _("The account of %(name)s is frozen: %(reason)s")
                % {"name": account.label, "reason": account.frozen_reason}
            )
    defaults = TimebankSettings()
    limits = TimebankSettings(
        floor_minutes=defaults.floor_minutes if payer.floor is None else payer.floor,
        ceiling_minutes=defaults.ceiling_minutes if payer.ceiling is None else payer.ceiling,
    )
    for account, new_balance in (
        (payer, payer.balance_minutes - minutes),
        (payee, payee.balance_minutes + minutes),
    ):
        message = _limit_error(account, limits, new_balance)
        if message:
            raise TimebankError(message, field="minutes")


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
    if payee.owner_id == referent.pk:
        raise TimebankError(_("Another referent must grant hours to you."), field="payee")
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
    _check_duration_and_date(minutes, happened_on)
    with transaction.atomic():
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
    if not isinstance(minutes, int) or minutes == 0:
        raise TimebankError(_("The adjustment cannot be zero."), field="minutes")
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


def reverse(*, original: Transfer, by: User, reason: str, idempotency_key: uuid.UUID) -> TransferResult:
    """Correct a mistake: the same minutes back, referencing the original, with a reason."""
    if not reason.strip():
        raise TimebankError(_("Say why."), field="reason")
    if original.kind == TransferKind.REVERSAL:
        raise TimebankError(_("A reversal cannot itself be reversed; record a new transfer instead."))
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
            if created and claim.receiver.email:
                transaction.on_commit(lambda: _send_claim_notice(claim))
            return claim, created
    except IntegrityError:
        # The same form (or the same exchange) was sent twice at the same moment.
        existing = Claim.objects.filter(idempotency_key=fields["idempotency_key"]).first()
        if existing is None:
            raise TimebankError(_("The hours of this exchange have already been recorded.")) from None
        return existing, False


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
        return existing, False
    if helper.pk == receiver.pk:
        raise TimebankError(_("You cannot record hours for helping yourself."), field="receiver")
    if helper.territory_id != receiver.territory_id:
        raise TimebankError(_("Hours never move between territories."), field="receiver")
    _check_duration_and_date(minutes, happened_on)
    for person in (helper, receiver):
        account = account_of(person)
        if account is None:
            raise TimebankError(
                _("%(name)s has no time account.") % {"name": person.display_name}, field="receiver"
            )
        if account.is_frozen:
            raise TimebankError(_("The account of %(name)s is frozen.") % {"name": person.display_name})
    if exchange is not None and Claim.objects.filter(exchange=exchange).exists():
        raise TimebankError(_("The hours of this exchange have already been recorded."))
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
    claim: Claim, *, by: User | None, entered_by: User | None = None, automatic: bool = False
) -> Claim:
    """The receiver (or their referent, or the delay) confirms: the hours move now."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status == ClaimStatus.CONFIRMED:
        return claim
    if claim.status == ClaimStatus.REJECTED:
        raise TimebankError(_("This help was rejected by the referent."))
    result = transfer(
        payer=account_of(claim.receiver),
        payee=account_of(claim.helper),
        minutes=claim.minutes,
        kind=TransferKind.CLAIM,
        description=claim.description,
        happened_on=claim.happened_on,
        category=claim.category,
        idempotency_key=uuid.uuid5(CLAIM_NAMESPACE, str(claim.public_id)),
        created_by=by,
        entered_by=entered_by,
    )
    claim.status = ClaimStatus.CONFIRMED
    claim.transfer = result.transfer
    claim.answered_by = entered_by or by
    claim.answered_at = timezone.now()
    claim.save(update_fields=["status", "transfer", "answered_by", "answered_at"])
    action = AuditAction.CLAIM_AUTO_CONFIRMED if automatic else AuditAction.CLAIM_CONFIRMED
    log(claim.territory, action, entered_by or by, str(claim), claim=claim, transfer=result.transfer)
    if entered_by is not None and claim.receiver.is_assisted:
        record_proxy_action(
            entered_by, claim.receiver, _("help confirmed: %(what)s") % {"what": claim.description}
        )
    return claim


@transaction.atomic
def dispute_claim(claim: Claim, *, by: User, reason: str, entered_by: User | None = None) -> Claim:
    reason = reason.strip()
    if not reason:
        raise TimebankError(_("Say what is wrong, so that the referent can help."), field="reason")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.PENDING:
        raise TimebankError(_("This help has already been answered."))
    claim.status = ClaimStatus.DISPUTED
    claim.dispute_reason = reason[:200]
    claim.answered_by = entered_by or by
    claim.answered_at = timezone.now()
    claim.save(update_fields=["status", "dispute_reason", "answered_by", "answered_at"])
    log(claim.territory, AuditAction.CLAIM_DISPUTED, entered_by or by, reason, claim=claim)
    return claim


@transaction.atomic
def reject_claim(claim: Claim, *, referent: User, reason: str) -> Claim:
    """The referent settles a dispute against the claim: no hours move."""
    reason = reason.strip()
    if not reason:
        raise TimebankError(_("Say why."), field="reason")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status == ClaimStatus.CONFIRMED:
        raise TimebankError(_("This help is already confirmed: reverse the transfer instead."))
    claim.status = ClaimStatus.REJECTED
    claim.answered_by = referent
    claim.answered_at = timezone.now()
    claim.save(update_fields=["status", "answered_by", "answered_at"])
    log(claim.territory, AuditAction.CLAIM_REJECTED, referent, reason, claim=claim)
    return claim


def remind_and_confirm_due(territory: Territory, now: datetime.datetime | None = None) -> dict[str, int]:
    """Remind receivers of unanswered help, and confirm it once the delay after the reminder is over."""
    now = now or timezone.now()
    settings = TimebankSettings.for_territory(territory)
    counts = {"reminded": 0, "confirmed": 0, "refused": 0}
    pending = Claim.objects.in_territory(territory).pending()
    to_remind = pending.filter(
        reminded_at__isnull=True, created_at__lte=now - datetime.timedelta(days=settings.reminder_days)
    ).select_related("receiver", "helper")
    for claim in to_remind:
        with transaction.atomic():
            if Claim.objects.filter(pk=claim.pk, reminded_at__isnull=True).update(reminded_at=now):
                log(territory, AuditAction.CLAIM_REMINDED, None, str(claim), claim=claim)
                counts["reminded"] += 1
                if claim.receiver.email:
                    transaction.on_commit(lambda c=claim: _send_reminder(c, settings))
    due = pending.filter(reminded_at__lte=now - datetime.timedelta(days=settings.auto_confirm_days))
    for claim in due:
        try:
            confirm_claim(claim, by=None, automatic=True)
            counts["confirmed"] += 1
        except TimebankError as error:
            log(territory, AuditAction.CLAIM_REMINDED, None, str(error), claim=claim)
            counts["refused"] += 1
    return counts


def _send_claim_notice(claim: Claim) -> None:
    send_mail(
        _("%(name)s recorded help for you") % {"name": claim.helper.display_name},
        _(
            "%(name)s recorded %(duration)s of help for you on %(date)s: %(what)s.\n"
            "Confirm or dispute it on your time account: the hours move once you confirm."
        )
        % {
            "name": claim.helper.display_name,
            "duration": format_minutes(claim.minutes),
            "date": claim.happened_on.strftime("%d/%m/%Y"),
            "what": claim.description,
        },
        None,
        [claim.receiver.email],
    )


def _send_reminder(claim: Claim, settings: TimebankSettings) -> None:
    send_mail(
        _("Did %(name)s help you?") % {"name": claim.helper.display_name},
        _(
            "%(name)s recorded %(duration)s of help for you on %(date)s: %(what)s.\n"
            "Confirm or dispute it on your time account. Without an answer, it will be confirmed "
            "automatically in %(days)s days."
        )
        % {
            "name": claim.helper.display_name,
            "duration": format_minutes(claim.minutes),
            "date": claim.happened_on.strftime("%d/%m/%Y"),
            "what": claim.description,
            "days": settings.auto_confirm_days,
        },
        None,
        [claim.receiver.email],
    )
