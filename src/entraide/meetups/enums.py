from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetupStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed, awaiting publication")
    PUBLISHED = "published", _("published")
    CANCELLED = "cancelled", _("cancelled")


class Repeat(models.TextChoices):
    NONE = "", _("Does not repeat")
    WEEKLY = "weekly", _("Every week, on the same day")
    MONTHLY = "monthly", _("Every month, on the same weekday (e.g. the first Saturday)")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("registered")
    WAITING = "waiting", _("on the waiting list")
    PENDING = "pending", _("awaiting the organiser's approval")
    CANCELLED = "cancelled", _("cancelled")
    REFUSED = "refused", _("not accepted")


# Those who hold a place, or wait for one.
ACTIVE_REGISTRATIONS = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING, RegistrationStatus.PENDING)
