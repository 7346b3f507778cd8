from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    PERSON = "person", _("Person")
    INITIATIVE = "initiative", _("Initiative or association")
    POOL = "pool", _("Solidarity pool")


class TransferKind(models.TextChoices):
    CLAIM = "claim", _("Help confirmed")
    GIFT = "gift", _("Direct gift")
    DONATION = "donation", _("Donation to the pool")
    GRANT = "grant", _("Grant from the pool")
    WELCOME = "welcome", _("Welcome credit")
    PAPER = "paper", _("Paper time cheque")
    REVERSAL = "reversal", _("Reversal")
    ADJUSTMENT = "adjustment", _("Adjustment")


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Disputed")
    REJECTED = "rejected", _("Rejected by the referent")
    CANCELLED = "cancelled", _("Cancelled")


class AuditAction(models.TextChoices):
    ACCOUNT_OPENED = "account_opened", _("Account opened")
    TRANSFER = "transfer", _("Transfer recorded")
    CLAIM_RECORDED = "claim_recorded", _("Help recorded")
    CLAIM_CONFIRMED = "claim_confirmed", _("Help confirmed")
    CLAIM_AUTO_CONFIRMED = "claim_auto_confirmed", _("Help confirmed automatically")
    CLAIM_DISPUTED = "claim_disputed", _("Help disputed")
    CLAIM_SETTLED = "claim_settled", _("Dispute settled by the referent")
    CLAIM_REJECTED = "claim_rejected", _("Help rejected")
    CLAIM_REMINDED = "claim_reminded", _("Reminder sent")
    CLAIM_CANCELLED = "claim_cancelled", _("Help cancelled")
    LIMIT_EXCEPTION = "limit_exception", _("Limit passed by a referent's exception")
    ERASED = "erased", _("Personal data erased")
    FROZEN = "frozen", _("Account frozen")
    UNFROZEN = "unfrozen", _("Account unfrozen")
    SETTINGS = "settings", _("Settings changed")
