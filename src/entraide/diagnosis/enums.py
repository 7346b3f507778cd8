from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedSource(models.TextChoices):
    SURVEY = "survey", _("Survey")
    WORKSHOP = "workshop", _("Workshop or meeting")
    FIELD = "field", _("Field feedback")
    BOARD = "board", _("The mutual-aid board")
    OTHER = "other", _("Other")


class NeedStatus(models.TextChoices):
    UNCOVERED = "uncovered", _("Uncovered")
    PARTLY = "partly", _("Partly covered")
    COVERED = "covered", _("Covered")


class NeedState(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested by a resident")
    RECORDED = "recorded", _("Recorded")


class Coverage(models.TextChoices):
    """How well a theme is covered in an area (a cell of the diagnosis)."""

    UNCOVERED = "uncovered", _("Uncovered")
    PARTIAL = "partial", _("Partly covered")
    COVERED = "covered", _("Covered")
    NO_NEED = "no_need", _("No recorded need")
