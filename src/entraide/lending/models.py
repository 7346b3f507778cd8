"""Lending and sharing: rooms, equipment and communication support lent by the commune, initiatives
and local businesses, and residents' objects lent between neighbours.

An `Item` carries its owner's rules (notice, longest loan, buffer between loans, opening hours, who
may borrow, automatic approval). A `Booking` is one loan over a time range; the approved ones of an
item never overlap, buffer included (`blocked_until`): an exclusion constraint on PostgreSQL
(migration 0002), the item row's lock taken first in `services` everywhere. A communication support
(posters, a bulletin slot, the electronic sign) is asked for with a `SupportRequest`, not booked.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.directory.models import Initiative
from entraide.territories.models import Commune, Neighbourhood, ScopedQuerySet, Territory

from . import hours
from .enums import BLOCKING, BookingStatus, Borrowers, ItemKind, OwnerKind, SupportStatus


class ItemQuerySet(ScopedQuerySet):
    def active(self) -> "ItemQuerySet":
        return self.filter(is_active=True)

    def visible_to(self, user) -> "ItemQuerySet":
        """Residents' objects are shown to the territory's members only."""
        if user.is_authenticated:
            return self
        return self.exclude(kind=ItemKind.OBJECT)


class Item(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(_("address on the site"), max_length=80, editable=False)
    kind = models.CharField(_("kind"), max_length=15, choices=ItemKind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    care_notes = models.TextField(_("care and use"), max_length=2000, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, verbose_name=_("commune"))
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("neighbourhood")
    )
    address = models.CharField(
        _("address"),
        max_length=200,
        blank=True,
        help_text=_("For a room only (a public place): shown publicly. Never for a resident's object."),
    )
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    equipment_inside = models.CharField(_("equipment inside"), max_length=300, blank=True)
    # Owner
    owner_kind = models.CharField(_("owner"), max_length=12, choices=OwnerKind.choices)
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("initiative"),
    )
    business_name = models.CharField(_("business"), max_length=100, blank=True)
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The resident lending their object.",
    )
    # Rules
    notice_hours = models.PositiveIntegerField(
        _("minimum notice (hours)"), default=0, help_text=_("How long before the loan one must ask.")
    )
    longest_hours = models.PositiveIntegerField(_("longest loan (hours)"), default=72)
    buffer_minutes = models.PositiveIntegerField(
        _("time between two loans (minutes)"), default=0, help_text=_("To clean, check, bring back.")
    )
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    open_days = models.CharField(
        _("open days"), max_length=7, default="1234567", help_text="ISO weekdays, 1 = Monday."
    )
    day_hours = models.JSONField(
        _("other hours on some days"),
        default=dict,
        blank=True,
        help_text='{"6": ["09:00", "12:00"]}: on Saturday, 9:00 to 12:00 instead of opens_at–closes_at.',
    )
    borrowers = models.CharField(
        _("who may borrow"), max_length=12, choices=Borrowers.choices, default=Borrowers.RESIDENTS
    )
    auto_approve = models.BooleanField(_("approve requests automatically"), default=False)
    conditions = models.CharField(
        _("deposit or conditions"),
        max_length=300,
        blank=True,
        help_text=_("Noted only: no payment goes through the site."),
    )
    checklist = models.TextField(
        _("checklist"), max_length=1000, blank=True, help_text=_("One line per thing to check: cable, keys…")
    )
    photo = models.BinaryField(null=True, blank=True, editable=False)  # JPEG, resized, without metadata
    is_active = models.BooleanField(_("in the catalogue"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("item to lend")
        verbose_name_plural = _("items to lend")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "slug"], name="lending_item_slug_unique"),
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="lending_item_kind_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="lending_item_has_name"),
            models.CheckConstraint(
                condition=~Q(owner_kind=OwnerKind.RESIDENT) | Q(owner_person__isnull=False, address=""),
                name="lending_item_resident_owner_no_address",
            ),
            models.CheckConstraint(
                condition=~Q(owner_kind=OwnerKind.INITIATIVE) | Q(initiative__isnull=False),
                name="lending_item_initiative_owner",
            ),
            models.CheckConstraint(condition=Q(longest_hours__gt=0), name="lending_item_longest_positive"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True, closes_at__isnull=True)
                | Q(opens_at__isnull=False, closes_at__isnull=False, closes_at__gt=F("opens_at")),
                name="lending_item_opening_hours",
            ),
        ]
        indexes = [
            # The catalogue: active items of a territory by kind or commune, in name order.
            models.Index(fields=["territory", "is_active", "name"], name="lending_item_catalogue"),
            models.Index(fields=["territory", "is_active", "kind", "name"], name="lending_item_by_kind"),
            models.Index(
                fields=["territory", "is_active", "commune", "name"], name="lending_item_by_commune"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("lending:item", kwargs={"slug": self.slug})

    @property
    def is_resident_object(self) -> bool:
        return self.owner_kind == OwnerKind.RESIDENT

    @property
    def is_communication(self) -> bool:
        return self.kind == ItemKind.COMMUNICATION

    @property
    def buffer(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.buffer_minutes)

    @property
    def owner_display(self) -> str:
        if self.owner_kind == OwnerKind.INITIATIVE and self.initiative_id:
            return self.initiative.name
        if self.owner_kind == OwnerKind.BUSINESS:
            return self.business_name or str(OwnerKind.BUSINESS.label)
        if self.owner_kind == OwnerKind.RESIDENT:
            return str(_("a resident of %(place)s") % {"place": self.place})
        return str(_("the commune of %(commune)s") % {"commune": self.commune.name})

    @property
    def place(self) -> str:
        """Where: a room's address (a public place); anything else stops at the neighbourhood."""
        if self.kind == ItemKind.ROOM and self.address and not self.is_resident_object:
            return f"{self.address}, {self.commune.name}"
        if self.neighbourhood_id:
            return f"{self.neighbourhood.name}, {self.commune.name}"
        return self.commune.name

    def checklist_lines(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]

    def clean(self) -> None:
        hours.check_day_hours(self.day_hours)  # a non-field error: the item form edits it day by day

    def opening_display(self) -> str:
        """Its hours in words ("lundi au vendredi 9 h – 17 h, samedi 9 h – 12 h"), or empty."""
        return hours.opening_display(self)


class BookingQuerySet(ScopedQuerySet):
    def blocking(self) -> "BookingQuerySet":
        return self.filter(status__in=BLOCKING)

    def overlapping(self, start: datetime.datetime, end: datetime.datetime) -> "BookingQuerySet":
        """Bookings whose held range [starts_at, blocked_until) meets [start, end)."""
        return self.filter(starts_at__lt=end, blocked_until__gt=start)


class Booking(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="bookings")
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("borrower")
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for the initiative"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The referent who booked on the borrower's behalf, if any.",
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    blocked_until = models.DateTimeField(editable=False)  # ends_at + the item's buffer
    purpose = models.CharField(_("what for"), max_length=300, blank=True)
    # The bookings asked together (a meetup's dates) share one; the desk decides them at once.
    series = models.UUIDField(null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=BookingStatus.choices)
    unavailable = models.BooleanField(default=False, editable=False)  # refused: the slot was taken
    refusal_reason = models.CharField(_("reason"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    checkout_checks = models.TextField(blank=True)
    checkout_note = models.CharField(_("condition when handed over"), max_length=300, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_checks = models.TextField(blank=True)
    return_note = models.CharField(_("condition when returned"), max_length=300, blank=True)
    start_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    owner_shares_contact = models.BooleanField(default=False)
    borrower_shares_contact = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="lending_booking_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(blocked_until__gte=F("ends_at")), name="lending_booking_blocked_after_end"
            ),
            models.CheckConstraint(
                condition=Q(status__in=BookingStatus.values), name="lending_booking_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=BookingStatus.REFUSED) | ~Q(refusal_reason=""),
                name="lending_booking_refused_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(checked_out_at__isnull=False),
                name="lending_booking_returned_after_checkout",
            ),
        ]
        indexes = [
            # An item's calendar and the availability check: its bookings by time.
            models.Index(fields=["item", "status", "starts_at"], name="lending_booking_by_item"),
            # The desk: a territory's bookings by status and time (to decide, to hand over, overdue).
            models.Index(fields=["territory", "status", "starts_at"], name="lending_booking_desk"),
            models.Index(fields=["territory", "status", "ends_at"], name="lending_booking_due"),
            models.Index(fields=["borrower", "status", "starts_at"], name="lending_booking_by_borrower"),
            # The desk's "most asked for this year", the diagnosis' refusals of the last months.
            models.Index(fields=["territory", "created_at"], name="lending_booking_recent"),
            # A series' dates awaiting a decision (the desk's rows, approving or refusing them all).
            models.Index(
                fields=["series", "status"],
                name="lending_booking_series",
                condition=Q(series__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("lending:booking", kwargs={"public_id": self.public_id})

    @property
    def contacts_shared(self) -> bool:
        return self.owner_shares_contact and self.borrower_shares_contact

    @property
    def borrower_display(self) -> str:
        if self.initiative_id:
            return f"{self.initiative.name} ({self.borrower.display_name})"
        return self.borrower.display_name


class WaitingEntry(models.Model):
    """A person waiting for a slot of an item: told when a booking over it is cancelled."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="waiting")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="lending_waiting_ends_after"
            ),
            models.UniqueConstraint(fields=["item", "person", "starts_at"], name="lending_waiting_once"),
        ]
        indexes = [models.Index(fields=["item", "notified_at", "starts_at"], name="lending_waiting_by_item")]

    def __str__(self) -> str:
        return f"{self.item} · {self.person}"


class SupportRequest(models.Model):
    """A communication support asked for (posters printed, a bulletin slot, a sign message)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="support_requests")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for the initiative"),
    )
    what = models.CharField(
        _("what you need"), max_length=500, help_text=_("For example: 20 A3 posters of our repair café.")
    )
    meetup = models.ForeignKey(
        "meetups.Meetup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meetup (its poster is attached)"),
    )
    wanted_by = models.DateField(_("needed by"))
    status = models.CharField(
        _("status"), max_length=10, choices=SupportStatus.choices, default=SupportStatus.REQUESTED
    )
    refusal_reason = models.CharField(_("reason"), max_length=300, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("communication support request")
        verbose_name_plural = _("communication support requests")
        ordering = ["wanted_by", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SupportStatus.values), name="lending_support_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=SupportStatus.REFUSED) | ~Q(refusal_reason=""),
                name="lending_support_refused_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["territory", "status", "wanted_by"], name="lending_support_desk")]

    def __str__(self) -> str:
        return self.what[:60]
