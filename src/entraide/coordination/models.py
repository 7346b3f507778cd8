"""The coordination group: its meetings, their agenda, minutes, decisions and actions.

Members are the people holding a coordinator or referent role in the territory
(`rules.members`): the role system says who belongs, this app adds only a `Term` to a role
(its end, its yearly review, whom it represents). Minutes are versioned: an approved version is
never changed, an edit after approval writes the next version. Actions with a meeting come back
at the next meetings while open (computed, never copied); actions without one are the shared
to-do list.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.core.validators import validate_web_url
from entraide.directory.models import Initiative
from entraide.people.enums import RoleKind
from entraide.people.models import Role
from entraide.territories.models import ScopedQuerySet, Territory

from .enums import MeetingStatus, Rhythm


class Term(models.Model):
    """The term of a member's role: when it ends, when it is reviewed each year, whom it represents."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    role = models.OneToOneField(Role, on_delete=models.CASCADE, related_name="coordination_term")
    represents = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("represents the initiative"),
    )
    ends_on = models.DateField(_("end of the term"), null=True, blank=True)
    review_on = models.DateField(_("yearly review"), help_text=_("The date by which the role is reviewed."))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("term of a role")
        verbose_name_plural = _("terms of roles")

    def __str__(self) -> str:
        return str(self.role)

    def clean(self):
        if self.role_id and self.territory_id and self.role.territory_id != self.territory_id:
            raise ValidationError({"role": _("This role is held in another territory.")})
        if self.role_id and self.role.kind not in (RoleKind.COORDINATOR, RoleKind.REFERENT):
            raise ValidationError({"role": _("Only a coordinator's or a referent's role has a term here.")})

    def review_due(self, today: datetime.date | None = None) -> bool:
        return self.review_on <= (today or timezone.localdate())

    def ended(self, today: datetime.date | None = None) -> bool:
        return self.ends_on is not None and self.ends_on < (today or timezone.localdate())


class Meeting(models.Model):
    """A meeting of the group. Its end is optional: without one, it lasts `DEFAULT_LENGTH`."""

    DEFAULT_LENGTH = datetime.timedelta(hours=2)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(_("date and time"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    rhythm = models.CharField(_("rhythm"), max_length=12, choices=Rhythm.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    agenda_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["territory", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),  # the agendas to send, every territory
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "starts_at"], name="coordination_meeting_unique_time"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="coordination_meeting_ends_after_start",
                violation_error_message=_("The end comes before the start: check the times."),
            ),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("coordination:meeting", kwargs={"public_id": self.public_id})

    @property
    def is_planned(self) -> bool:
        return self.status == MeetingStatus.PLANNED

    @property
    def end(self) -> datetime.datetime:
        """When it ends: the end given, or two hours after the start (meetings planned without one)."""
        return self.ends_at or self.starts_at + self.DEFAULT_LENGTH


class MeetingPartQuerySet(ScopedQuerySet):
    territory_path = "meeting__territory"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("item"), max_length=150)
    details = models.TextField(_("details"), max_length=1000, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Minutes(models.Model):
    """One version of a meeting's minutes. A draft is rewritten in place; an approved one never."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    version = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("meeting minutes"), max_length=20000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting minutes")
        verbose_name_plural = _("meeting minutes")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"], name="coordination_minutes_version_unique"
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(approved_at__isnull=True),
                name="coordination_minutes_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"

    def save(self, *args, **kwargs):
        # The invariant, whatever the caller: an approved version's text is never rewritten.
        if self.pk is not None:
            stored = (
                type(self)
                .objects.filter(pk=self.pk, approved_at__isnull=False)
                .values_list("text", flat=True)
                .first()
            )
            if stored is not None and stored != self.text:
                raise ValidationError(_("Approved minutes are never changed: save a new version."))
        super().save(*args, **kwargs)

    @property
    def approved(self) -> bool:
        return self.approved_at is not None


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(_("decision"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class ActionQuerySet(ScopedQuerySet):
    def open(self) -> "ActionQuerySet":
        return self.filter(done_at__isnull=True)

    def still_open_at(self, meeting: Meeting) -> "ActionQuerySet":
        """Actions of earlier meetings that were still open when `meeting` began (or are still)."""
        return self.filter(
            meeting__starts_at__lt=meeting.starts_at, territory_id=meeting.territory_id
        ).filter(Q(done_at__isnull=True) | Q(done_at__gte=meeting.starts_at))


class Action(models.Model):
    """Something a member does by a date. With a meeting, it was decided there; without, it is on
    the shared to-do list."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    title = models.CharField(_("what"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = [models.F("due_on").asc(nulls_last=True), "created_at", "pk"]
        indexes = [
            models.Index(fields=["territory", "done_at", "due_on"]),
            models.Index(fields=["owner", "done_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def late(self, today: datetime.date | None = None) -> bool:
        return not self.done and self.due_on is not None and self.due_on < (today or timezone.localdate())


class Attendance(models.Model):
    """A member present at a meeting (absent members have no row)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="coordination_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting}"


class Document(models.Model):
    """What the group relies on: the charter, partners' contacts… a link or a text, members only."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    url = models.URLField(_("link"), max_length=500, blank=True, validators=[validate_web_url])
    text = models.TextField(_("text"), max_length=10000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["territory", "title"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(text=""),
                name="coordination_document_link_or_text",
                violation_error_message=_("Give a link or a text."),
            )
        ]

    def __str__(self) -> str:
        return self.title
