from django.db import models
from django.utils.translation import gettext_lazy as _


class Holder(models.TextChoices):
    RESIDENT = "resident", _("Me, a resident")
    GROUP = "group", _("A group of residents, without legal status")
    ASSOCIATION = "association", _("An association")


# How a project's holder is named on public pages (the form's choices speak to the applicant).
HOLDER_PUBLIC = {
    "resident": _("a resident"),
    "group": _("a group of residents"),
    "association": _("an association"),
}


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted, under review")
    ACCEPTED = "accepted", _("accepted for funding")
    ACCEPTED_WITH_CHANGES = "changes", _("accepted with changes")
    REFUSED = "refused", _("not retained")


GRANTED = (ProjectStatus.ACCEPTED, ProjectStatus.ACCEPTED_WITH_CHANGES)
DECIDED = (*GRANTED, ProjectStatus.REFUSED)


class Score(models.IntegerChoices):
    LOW = 1, _("1 – a little")
    MEDIUM = 2, _("2 – fairly")
    HIGH = 3, _("3 – very")


class SupportTopic(models.TextChoices):
    MEETING = "meeting", _("Organise a meeting")
    FACILITATE = "facilitate", _("Facilitate a group")
    ROOM = "room", _("Find a room")
    COMMUNICATE = "communicate", _("Communicate")
    FUNDING = "funding", _("Find funding")
    ASSOCIATION = "association", _("Found an association")


class SupportStatus(models.TextChoices):
    OPEN = "open", _("received")
    FOLLOWED = "followed", _("followed by a mentor")
    DONE = "done", _("done and closed")


class FunderKind(models.TextChoices):
    AGGLOMERATION = "agglomeration", _("Agglomération")
    DEPARTMENT = "department", _("Département")
    REGION = "region", _("Région")
    CAF = "caf", _("CAF")
    FOUNDATION = "foundation", _("Foundation")
    CALL = "call", _("Call for projects")
    OTHER = "other", _("Other")


class FundingStatus(models.TextChoices):
    PLANNED = "planned", _("to ask")
    ASKED = "asked", _("asked, awaiting an answer")
    OBTAINED = "obtained", _("obtained")
    REFUSED = "refused", _("refused")
