"""Meetups: cafés solidaires, forums, workshops where people who don't know each other meet.

A `Meetup` is announced once, with its first date and, for a repeating one, an RFC 5545 rule
("FREQ=WEEKLY;BYDAY=TU"). Its dates are `Occurrence` rows, made for a bounded window ahead
(`services.sync_occurrences`): people register for one date, a date is cancelled alone (an
EXDATE in the calendars), the organiser closes each date with the number of people present.
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
from entraide.territories.models import Commune, ScopedQuerySet, Territory

from .enums import ACTIVE_REGISTRATIONS, MeetupStatus, RegistrationStatus

MAX_DURATION = datetime.timedelta(days=3)


class MeetupKind(models.Model):
    """A kind of meetup (café solidaire, forum, atelier…), configurable per territory like categories."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(_("short name"), max_length=40)
    name = models.CharField(_("name"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kind of meetup")
        verbose_name_plural = _("kinds of meetup")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "slug"], name="meetup_kind_unique_per_territory")
        ]

    def __str__(self) -> str:
        return self.name


class MeetupQuerySet(ScopedQuerySet):
    def published(self) -> "MeetupQuerySet":
        return self.filter(status=MeetupStatus.PUBLISHED)


class Meetup(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(_("address on the site"), max_length=80, editable=False)
    kind = models.ForeignKey(MeetupKind, on_delete=models.PROTECT, verbose_name=_("kind"))
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("a few lines"), max_length=2000, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, verbose_name=_("commune"))
    place = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetups_hosted",
        verbose_name=_("place from the directory"),
        help_text=_("A third place, a hall, an association's premises…"),
    )
    room = models.ForeignKey(
        "lending.Item",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetups",
        limit_choices_to={"kind": "room"},
        verbose_name=_("room from the lending catalogue"),
        help_text=_("Its booking is asked for each date, under the room's rules."),
    )
    address = models.CharField(
        _("address"), max_length=200, blank=True, help_text=_("Shown publicly. Needed without a place.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    rrule = models.CharField(_("repetition (RFC 5545)"), max_length=200, blank=True, editable=False)
    last_starts_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="The last date's start; none when it repeats forever.",
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    transport_offered = models.BooleanField(_("a neighbour can drive you there"), default=False)
    what_to_bring = models.CharField(_("what to bring"), max_length=300, blank=True)
    for_whom = models.CharField(_("for whom"), max_length=200, blank=True)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meetups_organised", verbose_name=_("organisers")
    )
    organiser_initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetups_organised",
        verbose_name=_("organised by the initiative"),
    )
    registration_required = models.BooleanField(_("registration required"), default=False)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    guests_allowed = models.PositiveSmallIntegerField(
        _("guests a person may bring"), default=0, help_text=_("“+1”: how many people each may bring.")
    )
    approval_required = models.BooleanField(_("the organisers approve each registration"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetupStatus.choices, default=MeetupStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)  # the calendars' SEQUENCE
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = MeetupQuerySet.as_manager()

    class Meta:
        verbose_name = _("meetup")
        verbose_name_plural = _("meetups")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "slug"], name="meetup_slug_unique_per_territory"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meetup_ends_after_start"),
            models.CheckConstraint(condition=Q(status__in=MeetupStatus.values), name="meetup_status_valid"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="meetup_capacity_positive"
            ),
            models.CheckConstraint(
                condition=~Q(address="") | Q(place__isnull=False) | Q(room__isnull=False),
                name="meetup_has_a_place",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="meetup_has_title"),
            models.CheckConstraint(condition=Q(guests_allowed__lte=5), name="meetup_guests_at_most_five"),
        ]
        indexes = [
            # The feeds: published meetups whose dates reach into the window.
            models.Index(fields=["territory", "status", "last_starts_at"], name="meetup_feed"),
            models.Index(fields=["territory", "status", "kind"], name="meetup_feed_kind"),
            models.Index(fields=["territory", "status", "commune"], name="meetup_feed_commune"),
            models.Index(fields=["territory", "status", "-created_at"], name="meetup_queue"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetups:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == MeetupStatus.PUBLISHED

    @property
    def duration(self) -> datetime.timedelta:
        return self.ends_at - self.starts_at

    @property
    def location(self) -> str:
        """Where, in full: a public meetup shows its address (unlike people)."""
        parts = []
        if self.room_id:  # a room of the lending catalogue: a public place, its address shown
            parts.append(self.room.name)
            parts.append(self.room.address)
        if self.place_id:
            parts.append(self.place.name)
            if self.place.has_public_place and self.place.address:
                parts.append(self.place.address)
        if self.address:
            parts.append(self.address)
        parts.append(self.commune.name)
        return ", ".join(dict.fromkeys(p for p in parts if p))

    def repetition_display(self) -> str:
        from .recurrence import describe

        return describe(self.rrule, self.starts_at)


class OccurrenceQuerySet(ScopedQuerySet):
    def public(self) -> "OccurrenceQuerySet":
        return self.filter(meetup__status=MeetupStatus.PUBLISHED)

    def for_cards(self) -> "OccurrenceQuerySet":
        return self.select_related("meetup__kind", "meetup__commune", "meetup__place", "meetup__room")


class Occurrence(models.Model):
    """One date of a meetup: what people register for, and what the organiser closes."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    meetup = models.ForeignKey(Meetup, on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # Places taken (confirmed people and their guests), kept under the row's lock by services.
    taken = models.PositiveIntegerField(default=0, editable=False)
    present_count = models.PositiveIntegerField(_("people present"), null=True, blank=True)
    first_timers = models.PositiveIntegerField(_("of whom came for the first time"), null=True, blank=True)
    report = models.TextField(_("what happened, in a few lines"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The room's booking for this date, asked through lending's services (meetup.room).
    booking = models.ForeignKey(
        "lending.Booking", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("date of a meetup")
        verbose_name_plural = _("dates of meetups")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meetup", "starts_at"], name="occurrence_once_per_start"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="occurrence_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(first_timers__isnull=True) | Q(first_timers__lte=F("present_count")),
                name="occurrence_first_timers_among_present",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(present_count__isnull=False),
                name="occurrence_closed_with_attendance",
            ),
        ]
        indexes = [
            # /rencontres/: a territory's dates in the list's order (the week, the month), read in
            # order without a sort; the filters (commune, kind) join the meetup.
            models.Index(fields=["territory", "starts_at", "id"], name="occurrence_by_time"),
            models.Index(fields=["meetup", "starts_at"], name="occurrence_by_meetup"),
            models.Index(
                fields=["territory", "starts_at"],
                condition=Q(closed_at__isnull=True, cancelled=False),
                name="occurrence_to_close",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meetup} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return (
            reverse("meetups:detail", kwargs={"slug": self.meetup.slug})
            + f"?date={timezone.localtime(self.starts_at):%Y-%m-%d}"
        )

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def places_left(self) -> int | None:
        if self.meetup.capacity is None:
            return None
        return max(self.meetup.capacity - self.taken, 0)


class RegistrationQuerySet(ScopedQuerySet):
    territory_path = "occurrence__territory"

    def active(self) -> "RegistrationQuerySet":
        return self.filter(status__in=ACTIVE_REGISTRATIONS)


class Registration(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    guests = models.PositiveSmallIntegerField(_("people coming with you"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The referent who registered them on their behalf, if any."),
    )
    created_at = models.DateTimeField(default=timezone.now)  # the waiting list's order
    updated_at = models.DateTimeField(default=timezone.now)
    reminded_eve_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_day_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "person"], name="registration_once_per_date"),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values), name="registration_status_valid"
            ),
            models.CheckConstraint(condition=Q(guests__lte=5), name="registration_guests_at_most_five"),
            models.CheckConstraint(
                condition=~Q(entered_by=F("person")), name="registration_entered_for_someone_else"
            ),
        ]
        indexes = [
            models.Index(fields=["occurrence", "status", "created_at"], name="registration_queue"),
            models.Index(fields=["person", "status"], name="registration_by_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.occurrence}"

    @property
    def places(self) -> int:
        return 1 + self.guests


class TrustedOrganiserQuerySet(ScopedQuerySet):
    pass


class TrustedOrganiser(models.Model):
    """A resident the referents let publish meetups directly, without waiting for them."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TrustedOrganiserQuerySet.as_manager()

    class Meta:
        verbose_name = _("trusted organiser")
        verbose_name_plural = _("trusted organisers")
        constraints = [models.UniqueConstraint(fields=["territory", "person"], name="trusted_organiser_once")]

    def __str__(self) -> str:
        return str(self.person)
