from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    COLLECTIVE = "collective", _("Informal collective")
    PUBLIC_SERVICE = "public_service", _("Public service (CCAS, EVS…)")
    BUSINESS = "business", _("Committed local business")
    THIRD_PLACE = "third_place", _("Third place")
    NEIGHBOURING = "neighbouring", _("Neighbouring commune's service")


class Audience(models.TextChoices):
    """Who an initiative or a need concerns: the data·inclusion `publics` referential."""

    EVERYONE = "tous-publics", _("Everyone")
    SENIORS = "seniors", _("Older people")
    FAMILIES = "familles", _("Families")
    YOUTH = "jeunes", _("Young people")
    DISABILITY = "personnes-en-situation-de-handicap", _("People with disabilities")
    STUDENTS = "etudiants", _("Students")
    JOB_SEEKERS = "demandeurs-emploi", _("Job seekers")
    WOMEN = "femmes", _("Women")
    EMERGENCY = "personnes-en-situation-durgence", _("People in an emergency")
    EXILED = "personnes-exilees", _("Exiled people")


class InitiativeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")


class Publication(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting validation")
    PUBLISHED = "published", _("Published")


class ServiceType(models.TextChoices):
    """The data·inclusion `types-de-services` referential."""

    SUPPORT = "accompagnement", _("Support")
    FINANCIAL_AID = "aide-financiere", _("Financial aid")
    MATERIAL_AID = "aide-materielle", _("Material aid")
    WORKSHOP = "atelier", _("Workshop")
    TRAINING = "formation", _("Training")
    INFORMATION = "information", _("Information")


class Fee(models.TextChoices):
    FREE = "gratuit", _("Free")
    PAID = "payant", _("Paid")


class CorrectionState(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPLIED = "applied", _("Applied")
    DISMISSED = "dismissed", _("Dismissed")
