"""The time bank: accounts, a double-entry ledger of minutes, claims and an audit log.

Invariants (see docs/timebank.md):
- amounts are whole minutes; a transfer's entries sum to zero;
- entries and transfers are never updated or deleted (a mistake is reversed);
- an account's stored balance equals the sum of its entries, and a territory's balances sum to zero.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.board.models import Exchange
from entraide.categories.models import Category
from entraide.territories.models import ScopedQuerySet, Territory

from .enums import AccountKind, AuditAction, ClaimStatus, TransferKind

MAX_CLAIM_MINUTES = 24 * 60


class ImmutableRowError(Exception):
    """Raised when code tries to change or delete a ledger row."""


class TimebankSettings(models.Model):
    """A territory's time bank rules. Without a row, the defaults apply."""

    territory = models.OneToOneField(Territory, on_delete=models.CASCADE, related_name="timebank_settings")
    is_enabled = models.BooleanField(_("time bank open"), default=True)
    floor_minutes = models.IntegerField(
        _("lowest balance (minutes)"), default=-10 * 60, help_text=_("Default: −10 h (−600 minutes).")
    )
    ceiling_minutes = models.IntegerField(
        _("highest balance (minutes)"), default=40 * 60, help_text=_("Default: 40 h (2400 minutes).")
    )
    welcome_credit_minutes = models.PositiveIntegerField(
        _("welcome credit (minutes)"),
        default=0,
        help_text=_("Given on joining, taken from the solidarity pool. 0: none."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder after (days)"),
        default=7,
        help_text=_("Days after which a person who has not answered a recorded help is reminded."),
    )
    auto_confirm_days = models.PositiveSmallIntegerField(
        _("automatic confirmation after the reminder (days)"), default=14
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("time bank settings")
        verbose_name_plural = _("time bank settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(floor_minutes__lte=0, ceiling_minutes__gte=0), name="timebank_limits_around_zero"
            ),
            models.CheckConstraint(condition=Q(auto_confirm_days__gte=1), name="timebank_auto_confirm_delay"),
        ]

    def __str__(self) -> str:
        return str(self.territory)

    @classmethod
    def for_territory(cls, territory: Territory) -> "TimebankSettings":
        found = cls.objects.filter(territory=territory).first()
        return found or cls(territory=territory)


class AccountQuerySet(ScopedQuerySet):
    def people(self) -> "AccountQuerySet":
        return self.filter(kind=AccountKind.PERSON)


class Account(models.Model):
    """A time account: a person's, an initiative's, or the territory's solidarity pool."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="time_accounts")
    kind = models.CharField(_("kind"), max_length=12, choices=AccountKind.choices, default=AccountKind.PERSON)
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_account",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("For an initiative."))
    balance_minutes = models.IntegerField(_("balance (minutes)"), default=0)
    is_frozen = models.BooleanField(_("frozen"), default=False)
    frozen_reason = models.CharField(_("reason for freezing"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("time account")
        verbose_name_plural = _("time accounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=AccountKind.PERSON, owner__isnull=False)
                | (~Q(kind=AccountKind.PERSON) & Q(owner__isnull=True)),
                name="timebank_account_owner_iff_person",
            ),
            models.UniqueConstraint(
                fields=["territory"],
                condition=Q(kind=AccountKind.POOL),
                name="timebank_one_pool_per_territory",
            ),
            models.CheckConstraint(
                condition=~Q(kind=AccountKind.POOL) | Q(balance_minutes__gte=0),
                name="timebank_pool_never_negative",
            ),
            models.CheckConstraint(
                condition=Q(is_frozen=False) | ~Q(frozen_reason=""), name="timebank_frozen_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["territory", "kind"]),
            models.Index(fields=["territory", "balance_minutes"]),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == AccountKind.POOL:
            return str(_("Solidarity pool"))
        if self.owner_id:
            return self.owner.display_name
        return self.name


class ImmutableQuerySet(ScopedQuerySet):
    """Ledger rows are written once: bulk update and delete are refused."""

    def update(self, **kwargs):
        raise ImmutableRowError(f"{self.model.__name__} rows are never updated.")

    def delete(self):
        raise ImmutableRowError(f"{self.model.__name__} rows are never deleted.")


class ImmutableModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRowError(f"{type(self).__name__} rows are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRowError(f"{type(self).__name__} rows are never deleted.")


class Transfer(ImmutableModel):
    """One movement of hours: a transaction whose entries sum to zero."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Indexed by (territory, created_at) below: no separate index to write on every transfer.
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(_("kind"), max_length=12, choices=TransferKind.choices)
    payer = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    payee = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("to"))
    minutes = models.PositiveIntegerField(_("duration (minutes)"))
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    description = models.CharField(_("what it was for"), max_length=200, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    idempotency_key = models.UUIDField(unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The referent who entered it on someone's behalf, if any."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="timebank_transfer_positive"),
            models.CheckConstraint(condition=~Q(payer=F("payee")), name="timebank_transfer_two_accounts"),
            models.CheckConstraint(
                condition=(Q(kind=TransferKind.REVERSAL) & Q(reverses__isnull=False))
                | (~Q(kind=TransferKind.REVERSAL) & Q(reverses__isnull=True)),
                name="timebank_reversal_references_original",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[TransferKind.REVERSAL, TransferKind.ADJUSTMENT, TransferKind.GRANT])
                | ~Q(reason=""),
                name="timebank_reason_required",
            ),
        ]
        indexes = [models.Index(fields=["territory", "created_at"])]

    def __str__(self) -> str:
        return f"{self.payer} → {self.payee}: {self.minutes} min"


class EntryQuerySet(ImmutableQuerySet):
    territory_path = "account__territory"


class Entry(ImmutableModel):
    """One side of a transfer: minutes added to (positive) or taken from (negative) an account."""

    # Indexed by the unique (transfer, account) and by (account, -id) below: no separate indexes
    # to write on every transfer.
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="entries", db_index=False)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries", db_index=False)
    amount_minutes = models.IntegerField(_("minutes"))

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.CheckConstraint(condition=~Q(amount_minutes=0), name="timebank_entry_not_zero"),
            models.UniqueConstraint(fields=["transfer", "account"], name="timebank_entry_once_per_account"),
        ]
        indexes = [models.Index(fields=["account", "-id"])]

    def __str__(self) -> str:
        return f"{self.account}: {self.amount_minutes:+d} min"


class ClaimQuerySet(ScopedQuerySet):
    def pending(self) -> "ClaimQuerySet":
        return self.filter(status=ClaimStatus.PENDING)


class Claim(models.Model):
    """ "I helped <person> for 1 h 30 on <date>": hours move once the person confirms."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="+")
    helper = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    exchange = models.OneToOneField(
        Exchange, on_delete=models.PROTECT, null=True, blank=True, related_name="time_claim"
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    minutes = models.PositiveIntegerField(_("duration (minutes)"))
    happened_on = models.DateField(_("date"))
    description = models.CharField(_("what it was"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    dispute_reason = models.CharField(_("why it is disputed"), max_length=200, blank=True)
    settled_minutes = models.PositiveIntegerField(
        _("duration settled by the referent (minutes)"),
        null=True,
        blank=True,
        help_text=_("When a referent settled a dispute: the minutes that moved."),
    )
    decision_reason = models.CharField(_("the referent's reason"), max_length=200, blank=True)
    transfer = models.OneToOneField(
        Transfer, on_delete=models.PROTECT, null=True, blank=True, related_name="claim"
    )
    idempotency_key = models.UUIDField(unique=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("recorded help")
        verbose_name_plural = _("recorded help")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0, minutes__lte=MAX_CLAIM_MINUTES), name="timebank_claim_within_a_day"
            ),
            models.CheckConstraint(condition=~Q(helper=F("receiver")), name="timebank_claim_two_people"),
            models.CheckConstraint(
                condition=(Q(status=ClaimStatus.CONFIRMED) & Q(transfer__isnull=False))
                | (~Q(status=ClaimStatus.CONFIRMED) & Q(transfer__isnull=True)),
                name="timebank_claim_confirmed_iff_transfer",
            ),
            models.CheckConstraint(
                condition=Q(settled_minutes__isnull=True)
                | Q(
                    status=ClaimStatus.CONFIRMED,
                    settled_minutes__gt=0,
                    settled_minutes__lte=F("minutes"),
                ),
                name="timebank_claim_settled_within_recorded",
            ),
        ]
        indexes = [
            models.Index(fields=["territory", "status", "created_at"]),
            models.Index(fields=["receiver", "status"]),
            models.Index(fields=["helper", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.helper} → {self.receiver} ({self.minutes} min, {self.happened_on})"

    def get_absolute_url(self) -> str:
        return reverse("timebank:claim_detail", kwargs={"public_id": self.public_id})

    @property
    def paid_minutes(self) -> int:
        """The minutes that move: the recorded ones, or those a referent settled a dispute for."""
        return self.minutes if self.settled_minutes is None else self.settled_minutes


class AuditEvent(models.Model):
    """Who did what to the time bank, and when. Written once."""

    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=24, choices=AuditAction.choices)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("time bank log entry")
        verbose_name_plural = _("time bank log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["territory", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"
