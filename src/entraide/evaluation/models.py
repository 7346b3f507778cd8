"""Feedback after something happened: did it do you good, did you meet someone new.

The evaluation's first source. One row per person and subject; never shown per person:
only counted, with small numbers hidden.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.territories.models import ScopedQuerySet, Territory


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
