"""Feedback after something happened: did it do you good, did you meet someone new.

The evaluation's first source. One row per person and subject; never shown per person:
only counted, with small numbers hidden.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.territories.models import Commune, ScopedQuerySet, Territory

from .enums import Contacts, KnowsWhomToAsk, Loneliness, Trust


class Feedback(models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("about"), max_length=20)  # a key of evaluation.kinds, e.g. "meetup"
    subject = models.UUIDField(_("subject"))  # the public id of the meetup occurrence, exchange…
    did_good = models.BooleanField(_("Did it do you good?"), null=True, blank=True)
    met_someone_new = models.BooleanField(_("Did you meet someone new?"), null=True, blank=True)
    sentence = models.CharField(_("A sentence, if you like"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "subject"], name="feedback_once_per_person"),
            models.CheckConstraint(
                condition=Q(did_good__isnull=False) | Q(met_someone_new__isnull=False) | ~Q(sentence=""),
                name="feedback_says_something",
            ),
        ]
        indexes = [models.Index(fields=["territory", "kind", "subject"], name="feedback_by_subject")]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}"


def wave_of(day: datetime.date) -> datetime.date:
    """The questionnaire's wave a day belongs to: every six months, starting 1 January and 1 July."""
    return datetime.date(day.year, 1 if day.month <= 6 else 7, 1)


def quarter_of(day: datetime.date) -> datetime.date:
    """The first day of the day's quarter."""
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


class SurveyAnswer(models.Model):
    """One person's answers to the periodic questionnaire, once per wave (six months).

    Opt-in: nobody is counted without answering themselves, or, on paper, without the consent
    the referent records. Never shown per person: only counted by commune and wave, small
    numbers hidden. The commune is copied at the time, so the counts stay true when people move
    or erase their account."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    wave = models.DateField(_("wave"))  # wave_of(): 1 January or 1 July
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for a paper questionnaire from someone without an account, or once erased."),
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    contacts = models.PositiveSmallIntegerField(
        _("In the last month, how many people outside your household did you talk with?"),
        choices=Contacts.choices,
    )
    knows_whom_to_ask = models.CharField(
        _("If you needed help, would you know whom to ask?"), max_length=6, choices=KnowsWhomToAsk.choices
    )
    trust = models.CharField(
        _(
            "Generally speaking, would you say that most people can be trusted, or that you can never be "
            "too careful in dealing with people?"
        ),
        max_length=7,
        choices=Trust.choices,
    )
    loneliness = models.PositiveSmallIntegerField(_("Do you feel lonely?"), choices=Loneliness.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The referent who entered a paper questionnaire, if any."),
    )
    consent_given_on = models.DateField(
        _("consent given on"), null=True, blank=True, help_text=_("For a paper questionnaire.")
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire answer")
        verbose_name_plural = _("questionnaire answers")
        ordering = ["-wave", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "wave"], name="survey_once_per_person_and_wave"),
            models.CheckConstraint(
                condition=Q(contacts__gte=0, contacts__lte=4), name="survey_contacts_in_range"
            ),
            models.CheckConstraint(
                condition=Q(knows_whom_to_ask__in=KnowsWhomToAsk.values), name="survey_knows_whom_in_range"
            ),
            models.CheckConstraint(condition=Q(trust__in=Trust.values), name="survey_trust_in_range"),
            models.CheckConstraint(
                condition=Q(loneliness__gte=1, loneliness__lte=5), name="survey_loneliness_in_range"
            ),
            models.CheckConstraint(
                condition=Q(entered_by__isnull=True) | Q(consent_given_on__isnull=False),
                name="survey_paper_has_consent",
            ),
        ]
        indexes = [models.Index(fields=["territory", "wave"], name="survey_by_wave")]

    def __str__(self) -> str:
        return f"{self.wave:%Y-%m}"


class Story(models.Model):
    """A story of change (Most Significant Change): what changed for someone, in their words.

    Told by a resident, or by a referent from what someone said; each quarter the group picks
    the most significant one and writes why. Published only with the teller's consent."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    teller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The referent who wrote it down from what someone said, if any."),
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    title = models.CharField(_("In a few words"), max_length=120)
    body = models.TextField(_("What changed for you?"), max_length=3000)
    consent_to_publish = models.BooleanField(
        _("I agree that this story is published, without my name"), default=False
    )
    published = models.BooleanField(_("published"), default=False)
    chosen_for = models.DateField(_("chosen for the quarter"), null=True, blank=True)  # quarter_of()
    why_chosen = models.TextField(_("Why the group chose it"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("story of change")
        verbose_name_plural = _("stories of change")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | Q(consent_to_publish=True), name="story_published_with_consent"
            ),
            models.CheckConstraint(
                condition=Q(chosen_for__isnull=True) | ~Q(why_chosen=""), name="story_chosen_says_why"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="story_not_empty"),
            models.UniqueConstraint(fields=["territory", "chosen_for"], name="story_one_chosen_per_quarter"),
        ]
        indexes = [
            models.Index(fields=["territory", "-created_at"], name="story_recent"),
            models.Index(fields=["territory", "published", "-created_at"], name="story_published"),
        ]

    def __str__(self) -> str:
        return self.title


class FigureCell(models.Model):
    """A figure's stored cell (commune and month), as `entraide evaluation refresh` computed it.

    On a large territory the pages read these rather than aggregating a million rows per request;
    nothing here is about a person: only counts, by commune and month."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60)  # a Figure's key (evaluation.registry)
    commune_id = models.PositiveIntegerField(null=True, blank=True)
    month = models.DateField()
    value = models.BigIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["territory", "month"], name="figure_cell_by_month")]

    def __str__(self) -> str:
        return f"{self.key} {self.month:%Y-%m}"


class FigureRefresh(models.Model):
    """Which months a territory's stored cells cover, and when they were computed."""

    territory = models.OneToOneField(Territory, on_delete=models.CASCADE, related_name="+")
    start = models.DateField()
    end = models.DateField()
    refreshed_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.start} – {self.end}"
