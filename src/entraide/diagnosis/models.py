"""Needs residents expressed, and dated snapshots of the shared diagnosis."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.directory.enums import Audience
from entraide.directory.models import Initiative
from entraide.territories.models import Commune, Neighbourhood, ScopedQuerySet, Territory

from .enums import NeedSource, NeedState, NeedStatus

MAX_PEOPLE = 100_000


class NeedQuerySet(ScopedQuerySet):
    def recorded(self) -> "NeedQuerySet":
        return self.filter(state=NeedState.RECORDED)

    def pressing_first(self) -> "NeedQuerySet":
        return self.order_by(models.F("people_count").desc(nulls_last=True), "-heard_on", "pk")


class Need(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    description = models.TextField(
        _("what is needed"), max_length=1000, validators=[MinLengthValidator(5)], help_text=_("A few lines.")
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("theme"))
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, verbose_name=_("commune"))
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("neighbourhood"),
        help_text=_("Leave empty for the whole commune."),
    )
    audience = models.CharField(
        _("who is concerned"), max_length=50, choices=Audience.choices, default=Audience.EVERYONE
    )
    people_count = models.PositiveIntegerField(
        _("how many people, roughly"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE)],
    )
    source = models.CharField(_("where it was heard"), max_length=10, choices=NeedSource.choices)
    heard_on = models.DateField(_("when"), default=timezone.localdate)
    status = models.CharField(
        _("coverage"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.UNCOVERED
    )
    answered_by = models.ManyToManyField(
        Initiative, related_name="needs_answered", blank=True, verbose_name=_("initiatives that answer it")
    )
    other_answers = models.CharField(
        _("other answers"),
        max_length=300,
        blank=True,
        help_text=_("Offers on the board, a neighbour's help… in a few words."),
    )
    state = models.CharField(max_length=10, choices=NeedState.choices, default=NeedState.RECORDED)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-heard_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(people_count__isnull=True) | Q(people_count__gte=1, people_count__lte=MAX_PEOPLE),
                name="need_people_count_in_range",
            ),
            models.CheckConstraint(condition=Q(status__in=NeedStatus.values), name="need_status_known"),
            models.CheckConstraint(condition=Q(state__in=NeedState.values), name="need_state_known"),
        ]
        indexes = [
            models.Index(fields=["territory", "state", "status"]),
            models.Index(fields=["territory", "category"]),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    def clean(self):
        super().clean()
        if self.neighbourhood_id and self.commune_id and self.neighbourhood.commune_id != self.commune_id:
            raise ValidationError({"neighbourhood": _("This neighbourhood is not in the chosen commune.")})
        if self.heard_on and self.heard_on > timezone.localdate():
            raise ValidationError({"heard_on": _("This date is in the future.")})

    @property
    def place(self) -> str:
        if self.neighbourhood_id:
            return f"{self.neighbourhood.name}, {self.commune.name}"
        return self.commune.name


class Snapshot(models.Model):
    """The diagnosis as it stood on a day ("diagnostic de mars 2026"), frozen for comparison."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=120)
    taken_on = models.DateField(_("date"), default=timezone.localdate)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("snapshot of the diagnosis")
        verbose_name_plural = _("snapshots of the diagnosis")
        ordering = ["-taken_on", "-created_at"]
        indexes = [models.Index(fields=["territory", "taken_on"])]

    def __str__(self) -> str:
        return self.title
