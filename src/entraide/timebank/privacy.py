"""What the time bank holds about a person, for export and erasure (RGPD).

Erasure keeps the ledger exact: the account stays, frozen, with its balance (each territory
still sums to zero) and its transfers, which are never changed; it no longer names anyone once
`people.services.erase_person` has anonymised the person. Unanswered help is cancelled, and
the texts the person wrote (what they recorded, why they disputed, what their gifts were for)
are erased, in the claims, the transfers (the one change the database allows on them) and the
log.
"""

from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext

from entraide.people.models import User

from . import services
from .enums import AuditAction, TransferKind
from .formatting import format_minutes
from .models import AuditEvent, Claim, Transfer

_KEPT = "kept, pointing at the anonymised account (the ledger and others' records need it)"

COVERS = {
    "timebank.Account.owner": "kept: the account stays, frozen, its balance unchanged",
    "timebank.Account.frozen_reason": "set to “Personal data erased”",
    "timebank.Account.name": "an initiative's name, never a person's",
    "timebank.Transfer.created_by": _KEPT,
    "timebank.Transfer.entered_by": _KEPT,
    "timebank.Transfer.description": "blanked on their gifts and on the help they were paid for",
    "timebank.Transfer.reason": "written by a referent, kept (the ledger's record)",
    "timebank.Claim.helper": _KEPT + "; unanswered help cancelled",
    "timebank.Claim.receiver": _KEPT + "; unanswered help cancelled",
    "timebank.Claim.entered_by": _KEPT,
    "timebank.Claim.answered_by": _KEPT,
    "timebank.Claim.description": "erased in the help they recorded",
    "timebank.Claim.dispute_reason": "erased in the disputes they raised",
    "timebank.Claim.decision_reason": "a referent's, kept; their name in it replaced by “Former resident”",
    "timebank.AuditEvent.actor": _KEPT,
    "timebank.AuditEvent.detail": "their disputes' reasons erased; their name replaced by “Former resident”",
}


def _claims(person: User):
    return Claim.objects.filter(Q(helper=person) | Q(receiver=person))


def _events(person: User, account):
    about = Q(actor=person) | Q(claim__in=_claims(person))
    if account is not None:
        about |= Q(account=account) | Q(transfer__payer=account) | Q(transfer__payee=account)
    return AuditEvent.objects.filter(about)


def export(person: User) -> dict:
    account = services.account_of(person)
    data = {"account": None, "transfers": [], "claims": [], "log": []}
    if account is not None:
        data["account"] = {
            "opened_on": account.created_at.isoformat(),
            "balance_minutes": account.balance_minutes,
            "balance": format_minutes(account.balance_minutes),
            "frozen": account.is_frozen,
            "reason_for_freezing": account.frozen_reason,
        }
        transfers = (
            Transfer.objects.filter(Q(payer=account) | Q(payee=account))
            .select_related("payer__owner", "payee__owner", "entered_by")
            .order_by("created_at", "pk")
        )
        data["transfers"] = [
            {
                "date": t.happened_on.isoformat(),
                "recorded_at": t.created_at.isoformat(),
                "kind": t.get_kind_display(),
                "from": t.payer.label,
                "to": t.payee.label,
                "minutes": t.minutes if t.payee_id == account.pk else -t.minutes,
                "description": t.description,
                "reason": t.reason,
                "entered_by": t.entered_by.display_name if t.entered_by_id else None,
            }
            for t in transfers
        ]
    data["claims"] = [
        {
            "date": c.happened_on.isoformat(),
            "helper": c.helper.display_name,
            "receiver": c.receiver.display_name,
            "minutes": c.minutes,
            "description": c.description,
            "status": c.get_status_display(),
            "dispute_reason": c.dispute_reason,
            "settled_minutes": c.settled_minutes,
            "referent_reason": c.decision_reason,
        }
        for c in _claims(person).select_related("helper", "receiver").order_by("created_at", "pk")
    ]
    data["log"] = [
        {"at": e.created_at.isoformat(), "action": e.get_action_display(), "detail": e.detail}
        for e in _events(person, account).order_by("created_at", "pk")
    ]
    return data


@transaction.atomic
def erase(person: User) -> None:
    account = services.account_of(person)
    erased = gettext("Personal data erased")
    services.cancel_pending_claims(person, reason=erased)
    # The texts they wrote: the help they recorded, the disputes they raised.
    Claim.objects.filter(helper=person).update(description=gettext("(erased)"))
    Claim.objects.filter(receiver=person).exclude(dispute_reason="").update(
        dispute_reason=gettext("(erased)")
    )
    Claim.objects.filter(answered_by=person).exclude(dispute_reason="").update(
        dispute_reason=gettext("(erased)")
    )
    disputes = AuditEvent.objects.filter(actor=person, action=AuditAction.CLAIM_DISPUTED)
    disputes.update(detail=gettext("(erased)"))
    # Log lines name people as they were named then.
    if person.display_name:
        for event in AuditEvent.objects.filter(detail__contains=person.display_name):
            event.detail = event.detail.replace(person.display_name, gettext("Former resident"))
            event.save(update_fields=["detail"])
        for claim in _claims(person).filter(decision_reason__contains=person.display_name):
            claim.decision_reason = claim.decision_reason.replace(
                person.display_name, gettext("Former resident")
            )
            claim.save(update_fields=["decision_reason"])
    if account is not None:
        _erase_transfer_descriptions(account)
        account.is_frozen = True
        account.frozen_reason = erased
        account.save(update_fields=["is_frozen", "frozen_reason"])
        services.log(account.territory_id, AuditAction.ERASED, None, erased, account=account)


def _erase_transfer_descriptions(account) -> None:
    """Blank what they wrote on transfers (their gifts, the help they recorded): the only UPDATE
    the database allows on a transfer (migration 0005); amounts, people and dates stay."""
    written = Transfer.objects.filter(
        Q(payer=account, kind__in=[TransferKind.GIFT, TransferKind.DONATION])
        | Q(payee=account, kind=TransferKind.CLAIM)
    ).exclude(description="")
    ids = list(written.values_list("pk", flat=True))
    if not ids:
        return
    table = connection.ops.quote_name(Transfer._meta.db_table)
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET description = '' WHERE id IN ({placeholders})", ids)  # noqa: S608
