"""Micro-initiatives: light calls for projects, their review and results, support, co-funding.

A `Call` has an envelope in whole euros; the amounts granted to its projects are summed on the
call's row (`Call.granted`) under that row's lock by `services.decide`, and the database refuses
a sum above the envelope (`call_granted_within_envelope`). Money is whole euros everywhere
(PositiveIntegerField), never a float.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.people.enums import ConsentMethod
from entraide.territories.models import Commune, Neighbourhood, ScopedQuerySet, Territory

from .enums import (
    DECIDED,
    GRANTED,
    HOLDER_PUBLIC,
    FunderKind,
    FundingStatus,
    Holder,
    ProjectStatus,
    Score,
    SupportStatus,
    SupportTopic,
)


class CallQuerySet(ScopedQuerySet):
    def open_on(self, day: datetime.date) -> "CallQuerySet":
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class Call(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(_("address on the site"), max_length=80, editable=False)
    title = models.CharField(_("title"), max_length=100)
    envelope = models.PositiveIntegerField(_("envelope (whole euros)"))
    max_per_project = models.PositiveIntegerField(_("at most per project (whole euros)"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    open_to_residents = models.BooleanField(_("residents"), default=True)
    open_to_groups = models.BooleanField(_("informal groups of residents"), default=True)
    open_to_associations = models.BooleanField(_("associations"), default=True)
    funded = models.TextField(_("what is funded"), max_length=2000)
    questions = models.TextField(
        _("questions asked to applicants"),
        max_length=1000,
        blank=True,
        help_text=_("One per line. Applicants answer them in their description."),
    )
    # The sum granted to its projects, kept under the row's lock by services.decide.
    granted = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "slug"], name="call_slug_unique_per_territory"),
            models.CheckConstraint(condition=Q(envelope__gt=0), name="call_envelope_positive"),
            models.CheckConstraint(
                condition=Q(max_per_project__gt=0, max_per_project__lte=F("envelope")),
                name="call_max_within_envelope",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="call_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(granted__lte=F("envelope")), name="call_granted_within_envelope"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="call_has_title"),
        ]
        indexes = [models.Index(fields=["territory", "closes_on", "opens_on"], name="call_by_dates")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:call", kwargs={"slug": self.slug})

    def is_open(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on

    @property
    def is_closed(self) -> bool:
        return self.closes_on < timezone.localdate()

    @property
    def remaining(self) -> int:
        return self.envelope - self.granted

    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    def holders(self) -> list[str]:
        """Who may apply, in words: "residents, informal groups of residents, associations"."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in ("open_to_residents", "open_to_groups", "open_to_associations")
            if getattr(self, name)
        ]

    def allowed_holders(self) -> list[str]:
        return [
            value
            for allowed, value in (
                (self.open_to_residents, Holder.RESIDENT),
                (self.open_to_groups, Holder.GROUP),
                (self.open_to_associations, Holder.ASSOCIATION),
            )
            if allowed
        ]


class ProjectQuerySet(ScopedQuerySet):
    def granted(self) -> "ProjectQuerySet":
        return self.filter(status__in=GRANTED)

    def decided(self) -> "ProjectQuerySet":
        return self.filter(status__in=DECIDED)

    def to_review(self) -> "ProjectQuerySet":
        return self.filter(status=ProjectStatus.SUBMITTED)


class Project(models.Model):
    """An application to a call; once accepted, a funded micro-initiative with its diary."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="projects")
    slug = models.SlugField(max_length=80, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT
    )
    # The applicant's eight questions.
    title = models.CharField(_("What: your project in one sentence"), max_length=100)
    description = models.TextField(
        _("What you will do, for whom, in a few lines"),
        max_length=3000,
        help_text=_("Answer the call's questions here too."),
    )
    holder = models.CharField(
        _("Who carries it"), max_length=12, choices=Holder.choices, default=Holder.RESIDENT
    )
    members = models.TextField(
        _("Names of the group's residents, or of the association"),
        max_length=1000,
        blank=True,
        help_text=_("For a group: one name per line, with yours. For an association: its name."),
    )
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, verbose_name=_("Where: commune"))
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("Neighbourhood")
    )
    when = models.CharField(
        _("When"), max_length=100, help_text=_("For example: “every Saturday from March to June 2027”.")
    )
    amount_asked = models.PositiveIntegerField(_("Amount asked (whole euros)"), null=True, blank=True)
    mutual_aid = models.TextField(_("How does it help neighbours help each other?"), max_length=2000)
    contact = models.CharField(
        _("How to reach you"),
        max_length=200,
        help_text=_("A phone number or an email. Only the reviewers see it, never the public."),
    )
    # Who applied: an account, or (on paper) a name entered by the referent with consent.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applicant_name = models.CharField(_("applicant's name"), max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The referent who entered a paper application."),
    )
    consent = models.CharField(_("consent given"), max_length=10, choices=ConsentMethod.choices, blank=True)
    # The decision.
    granted_amount = models.PositiveIntegerField(_("amount granted (whole euros)"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    statement = models.TextField(_("public statement"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "slug"], name="project_slug_unique_per_territory"),
            models.CheckConstraint(condition=Q(status__in=ProjectStatus.values), name="project_status_valid"),
            models.CheckConstraint(condition=Q(amount_asked__gt=0), name="project_amount_asked_positive"),
            models.CheckConstraint(
                condition=Q(status=ProjectStatus.DRAFT) | Q(amount_asked__isnull=False),
                name="project_submitted_with_amount",
            ),
            models.CheckConstraint(
                condition=Q(status__in=GRANTED, granted_amount__gt=0)
                | (~Q(status__in=GRANTED) & Q(granted_amount__isnull=True)),
                name="project_granted_only_when_accepted",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED) | ~Q(statement=""), name="project_decision_has_statement"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=GRANTED)
                | Q(starts_on__isnull=False, ends_on__isnull=False, ends_on__gte=F("starts_on")),
                name="project_granted_with_dates",
            ),
            models.CheckConstraint(
                condition=Q(applicant__isnull=False) | Q(entered_by__isnull=False) | Q(status__in=DECIDED),
                name="project_has_applicant_or_paper",
            ),
            models.CheckConstraint(
                condition=Q(entered_by__isnull=True) | ~Q(consent=""), name="project_paper_with_consent"
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status", "created_at"], name="project_by_call"),
            models.Index(fields=["territory", "status", "-decided_at"], name="project_results"),
            models.Index(fields=["applicant", "status"], name="project_by_applicant"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def is_granted(self) -> bool:
        return self.status in GRANTED

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED

    @property
    def is_paper(self) -> bool:
        return self.entered_by_id is not None

    def member_list(self) -> list[str]:
        return [line.strip() for line in self.members.splitlines() if line.strip()]

    def holder_public(self) -> str:
        """Who carries it, as the public pages say it: no name but an association's."""
        if self.holder == Holder.ASSOCIATION and self.members.strip():
            return self.member_list()[0]
        return str(HOLDER_PUBLIC.get(self.holder, ""))

    def holder_name(self) -> str:
        if self.holder == Holder.ASSOCIATION and self.members.strip():
            return self.member_list()[0]
        if self.applicant_id:
            return self.applicant.display_name
        return self.applicant_name

    @property
    def place(self) -> str:
        if self.neighbourhood_id:
            return f"{self.neighbourhood.name}, {self.commune.name}"
        return self.commune.name


class ConflictQuerySet(ScopedQuerySet):
    territory_path = "project__territory"


class ConflictOfInterest(models.Model):
    """A reviewer declares they cannot review a project (a relative, their own association…)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("why, in a few words (optional)"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["project", "reviewer"], name="conflict_once")]
        indexes = [models.Index(fields=["reviewer", "project"], name="conflict_by_reviewer")]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.project}"


class ReviewQuerySet(ScopedQuerySet):
    territory_path = "project__territory"


class Review(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(_("comment"), max_length=3000)
    mutual_aid_score = models.PositiveSmallIntegerField(
        _("Helps neighbours help each other"), choices=Score.choices, null=True, blank=True
    )
    feasibility_score = models.PositiveSmallIntegerField(
        _("Feasible as described"), choices=Score.choices, null=True, blank=True
    )
    reach_score = models.PositiveSmallIntegerField(
        _("Reaches people who are often left out"), choices=Score.choices, null=True, blank=True
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "reviewer"], name="review_once_per_reviewer"),
            models.CheckConstraint(condition=~Q(comment=""), name="review_has_comment"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.project}"


class DiaryQuerySet(ScopedQuerySet):
    territory_path = "project__territory"


class DiaryEntry(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="diary")
    written_on = models.DateField(_("date"), default=timezone.localdate)
    milestone = models.CharField(_("milestone reached"), max_length=200)
    percent_done = models.PositiveSmallIntegerField(_("percentage done"))
    final = models.BooleanField(_("this is the final note: the project is over"), default=False)
    note = models.TextField(_("what happened"), max_length=3000, blank=True)
    participants = models.PositiveIntegerField(_("how many people took part"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("diary entry")
        verbose_name_plural = _("diary entries")
        ordering = ["written_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(percent_done__lte=100), name="diary_percent_at_most_100"),
            models.CheckConstraint(
                condition=Q(final=False) | Q(participants__isnull=False), name="diary_final_counts_people"
            ),
        ]
        indexes = [models.Index(fields=["project", "written_on"], name="diary_by_project")]

    def __str__(self) -> str:
        return f"{self.project} · {self.milestone}"


class PaymentQuerySet(ScopedQuerySet):
    territory_path = "project__territory"


class Payment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.PositiveIntegerField(_("amount (whole euros)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]
        indexes = [models.Index(fields=["project", "paid_on"], name="payment_by_project")]

    def __str__(self) -> str:
        return f"{self.project} · {self.amount} €"


class Mentor(models.Model):
    """A resident (or someone of an association such as the EVS) who helps project holders."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    offer = models.CharField(
        _("what they can help with"), max_length=200, help_text=_("For example: facilitation, EVS.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        constraints = [models.UniqueConstraint(fields=["territory", "person"], name="mentor_once")]

    def __str__(self) -> str:
        return str(self.person)


class SupportRequest(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(_("What do you need help with?"), max_length=12, choices=SupportTopic.choices)
    description = models.TextField(_("Your project and your question, in a few lines"), max_length=2000)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("asked by")
    )
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="support_requests"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SupportStatus.choices, default=SupportStatus.OPEN
    )
    mentor = models.ForeignKey(
        Mentor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("mentor"),
    )
    follow_up = models.TextField(_("follow-up notes"), max_length=3000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(topic__in=SupportTopic.values), name="support_topic_valid"),
            models.CheckConstraint(condition=Q(status__in=SupportStatus.values), name="support_status_valid"),
            models.CheckConstraint(
                condition=Q(status=SupportStatus.DONE, done_at__isnull=False)
                | (~Q(status=SupportStatus.DONE) & Q(done_at__isnull=True)),
                name="support_done_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["territory", "status", "created_at"], name="support_queue"),
            models.Index(fields=["requester", "status"], name="support_by_requester"),
            models.Index(fields=["mentor", "status"], name="support_by_mentor"),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} · {self.requester}"

    def get_absolute_url(self) -> str:
        return reverse("projects:support_follow", kwargs={"public_id": self.public_id})


class Guide(models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=80, editable=False)
    title = models.CharField(_("title"), max_length=100)
    summary = models.CharField(_("in one sentence"), max_length=200, blank=True)
    body = models.TextField(
        _("text (Markdown)"),
        max_length=20000,
        help_text=_(
            "Paragraphs separated by an empty line; “## ” for a heading; “- ” for a list; "
            "[text](https://…) for a link."
        ),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["title", "pk"]
        constraints = [models.UniqueConstraint(fields=["territory", "slug"], name="guide_slug_unique")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:guide", kwargs={"slug": self.slug})


class FundingLine(models.Model):
    """Money asked from a funder for the programme as a whole or for one project."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    funder_kind = models.CharField(_("kind of funder"), max_length=14, choices=FunderKind.choices)
    funder = models.CharField(_("funder and line"), max_length=150)
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_lines",
        verbose_name=_("for the project"),
        help_text=_("Leave empty for the programme as a whole."),
    )
    amount_asked = models.PositiveIntegerField(_("amount asked (whole euros)"))
    amount_obtained = models.PositiveIntegerField(_("amount obtained (whole euros)"), null=True, blank=True)
    asked_on = models.DateField(_("asked on"), null=True, blank=True)
    answered_on = models.DateField(_("answer received on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FundingStatus.choices, default=FundingStatus.PLANNED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["-asked_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_asked__gt=0), name="funding_asked_positive"),
            models.CheckConstraint(condition=Q(status__in=FundingStatus.values), name="funding_status_valid"),
            models.CheckConstraint(
                condition=Q(status=FundingStatus.OBTAINED, amount_obtained__gt=0, answered_on__isnull=False)
                | (~Q(status=FundingStatus.OBTAINED) & Q(amount_obtained__isnull=True)),
                name="funding_obtained_with_amount_and_date",
            ),
        ]
        indexes = [
            models.Index(fields=["territory", "answered_on"], name="funding_by_answer"),
            models.Index(fields=["territory", "-asked_on", "id"], name="funding_by_asked"),
        ]

    def __str__(self) -> str:
        return self.funder
