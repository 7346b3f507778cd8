"""The few rows that belong to no domain."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.territories.models import ScopedQuerySet


class FeedTokenQuerySet(ScopedQuerySet):
    territory_path = "person__territory"


class FeedToken(models.Model):
    """The secret of a person's private calendar feed (see `core.calendars`): revoked by replacing it."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=20)
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("private calendar address")
        verbose_name_plural = _("private calendar addresses")
        constraints = [
            models.UniqueConstraint(fields=["person", "purpose"], name="feed_token_one_per_purpose")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.purpose}"
