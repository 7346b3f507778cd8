from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeBracket(models.TextChoices):
    UNDER_18 = "u18", _("Under 18")
    FROM_18_TO_29 = "18-29", _("18 to 29")
    FROM_30_TO_44 = "30-44", _("30 to 44")
    FROM_45_TO_59 = "45-59", _("45 to 59")
    FROM_60_TO_74 = "60-74", _("60 to 74")
    FROM_75 = "75+", _("75 and over")


class RoleKind(models.TextChoices):
    REFERENT = "referent", _("Referent")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


class ConsentMethod(models.TextChoices):
    PHONE = "phone", _("Orally, by phone")
    DESK = "desk", _("In person, at the desk")
    PAPER = "paper", _("On a signed paper form")
