from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    ROOM = "room", _("Room")
    EQUIPMENT = "equipment", _("Equipment")
    COMMUNICATION = "communication", _("Communication support")
    OBJECT = "object", _("Residents' object")


class OwnerKind(models.TextChoices):
    COMMUNE = "commune", _("the commune")
    INITIATIVE = "initiative", _("an initiative of the directory")
    BUSINESS = "business", _("a local business (sponsorship)")
    RESIDENT = "resident", _("a resident")


class Borrowers(models.TextChoices):
    RESIDENTS = "residents", _("every resident and initiative")
    INITIATIVES = "initiatives", _("initiatives only (their holders)")
    REFERENTS = "referents", _("referents only")


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("requested, awaiting approval")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")
    CANCELLED = "cancelled", _("cancelled")
    CHECKED_OUT = "checked_out", _("handed over")
    RETURNED = "returned", _("returned")
    OVERDUE = "overdue", _("overdue")


# The bookings that hold the item: no two of one item may overlap (buffer included).
BLOCKING = (BookingStatus.APPROVED, BookingStatus.CHECKED_OUT, BookingStatus.OVERDUE)
# Those still to happen or under way.
OPEN = (BookingStatus.REQUESTED, *BLOCKING)


class SupportStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    ACCEPTED = "accepted", _("accepted, in progress")
    REFUSED = "refused", _("refused")
    DONE = "done", _("done")
