"""The mutual-aid board: requests and offers, and the exchanges they lead to."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.territories.models import Neighbourhood, ScopedQuerySet, Territory


class Exchange(models.Model):
    """A piece of help that actually happened between two people.

    The unit the time bank and the evaluation build on. The neighbourhoods are
    copied at the time of the exchange, so statistics stay true when people move.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="exchanges_given",
        verbose_name=_("helper"),
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="exchanges_received",
        verbose_name=_("person helped"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("category")
    )
    helper_neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    receiver_neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The referent who entered it on someone's behalf, if any."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        ordering = ["-happened_on", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(helper=F("receiver")), name="exchange_between_two_people"),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__gt=0, duration_minutes__lte=1440),
                name="exchange_duration_within_a_day",
            ),
        ]
        indexes = [models.Index(fields=["territory", "happened_on"])]

    def __str__(self) -> str:
        return f"{self.helper} → {self.receiver} ({self.happened_on})"
