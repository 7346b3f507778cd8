from django.db import models
from django.utils.translation import gettext_lazy as _


class PostKind(models.TextChoices):
    REQUEST = "request", _("Request")
    OFFER = "offer", _("Offer")


class PostStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class Visibility(models.TextChoices):
    """Moderation state, apart from the lifecycle."""

    VISIBLE = "visible", _("Visible")
    PENDING = "pending", _("Awaiting approval")
    HIDDEN = "hidden", _("Hidden by a referent")


class When(models.TextChoices):
    FLEXIBLE = "flexible", _("Flexible")
    DATE = "date", _("On a date")
    PERIOD = "period", _("During a period")
    WEEKLY = "weekly", _("Every week")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("At once, one email per post")
    DAILY = "daily", _("A daily digest at most")
    NEVER = "never", _("Nothing")


class Scope(models.TextChoices):
    COMMUNE = "commune", _("My commune")
    TERRITORY = "territory", _("The whole territory")


class ModerationKind(models.TextChoices):
    HIDE = "hide", _("Hide the post")
    RESTORE = "restore", _("Restore the post")
    APPROVE = "approve", _("Approve the post")
    WARN = "warn", _("Warn the person")
    SUSPEND = "suspend", _("Suspend the account")
    DISMISS = "dismiss", _("Close the report")
