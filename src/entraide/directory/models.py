"""The directory of initiatives: who already does what, formal or informal.

An `Initiative` matches a data·inclusion *structure*, its `Service`s the
data·inclusion *services*. Everything shown publicly is what the initiative
chose to publish; location stops at the neighbourhood unless the initiative
has a public place (then its address and map point are shown).
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.core.search import normalize
from entraide.core.validators import safe_url, validate_web_url, validate_web_url_lines
from entraide.territories.models import Commune, Neighbourhood, ScopedQuerySet, Territory

from . import opening_hours
from .enums import Audience, CorrectionState, Fee, InitiativeKind, InitiativeStatus, Publication, ServiceType

STALE_AFTER = datetime.timedelta(days=365)
REMIND_EVERY = datetime.timedelta(days=30)  # holders of a stale entry are asked at most once a month
COORDINATE_DIGITS, COORDINATE_DECIMALS = 10, 7

# Rough bounding boxes of metropolitan France (with Corsica) and the overseas
# departments: (south, west, north, east).
FRANCE_BOXES = [
    (41.2, -5.5, 51.2, 9.8),  # metropolitan France and Corsica
    (15.8, -61.9, 16.6, -60.9),  # Guadeloupe
    (14.3, -61.3, 14.9, -60.7),  # Martinique
    (2.0, -54.7, 5.9, -51.5),  # Guyane
    (-21.5, 55.1, -20.8, 55.9),  # La Réunion
    (-13.1, 44.9, -12.6, 45.4),  # Mayotte
]


def validate_source_record(value) -> None:
    """What an imported entry came with: {"record": the data·inclusion fields as read,
    "as_read": our own export of the entry right after the import}; see exports.py."""
    if value in ({}, None):
        return
    if (
        not isinstance(value, dict)
        or set(value) - {"record", "as_read"}
        or not all(isinstance(value.get(k, {}), dict) for k in ("record", "as_read"))
    ):
        raise ValidationError(_("This is not a data·inclusion record."))


def in_france(latitude: float, longitude: float) -> bool:
    return any(s <= latitude <= n and w <= longitude <= e for s, w, n, e in FRANCE_BOXES)


class InitiativeQuerySet(ScopedQuerySet):
    def published(self) -> "InitiativeQuerySet":
        return self.filter(publication=Publication.PUBLISHED)

    def stale(self, today: datetime.date | None = None) -> "InitiativeQuerySet":
        """Published entries nobody has checked for 12 months."""
        limit = (today or timezone.localdate()) - STALE_AFTER
        return self.published().filter(last_checked_on__lt=limit)

    def due_for_reminder(self, today: datetime.date | None = None) -> "InitiativeQuerySet":
        """Stale entries whose holders were not asked to confirm in the last month."""
        today = today or timezone.localdate()
        return self.stale(today).filter(
            Q(holders_reminded_on__isnull=True) | Q(holders_reminded_on__lte=today - REMIND_EVERY)
        )

    def for_listing(self) -> "InitiativeQuerySet":
        return self.select_related("commune", "neighbourhood").prefetch_related("categories")


class ImportBatch(models.Model):
    """One import of a file: what it created, so that it can be undone in one step."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=200)
    file_format = models.CharField(_("format"), max_length=40)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    report = models.JSONField(_("report"), default=list)
    summary = models.JSONField(_("about the whole file"), default=list)
    counts = models.JSONField(default=dict)
    created_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"


class Initiative(models.Model):
    # Identity
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="initiatives")
    slug = models.SlugField(_("short name"), max_length=80)
    name = models.CharField(_("name"), max_length=150, validators=[MinLengthValidator(3)])
    kind = models.CharField(_("kind"), max_length=20, choices=InitiativeKind.choices)
    description = models.TextField(
        _("what it does"),
        max_length=2000,
        validators=[MinLengthValidator(5)],
        help_text=_("A few lines, in plain words."),
    )
    categories = models.ManyToManyField(
        Category, related_name="initiatives", verbose_name=_("themes"), blank=True
    )
    audience = models.CharField(
        _("who it is for"), max_length=50, choices=Audience.choices, default=Audience.EVERYONE
    )
    audience_note = models.CharField(_("who it is for, in a few words"), max_length=200, blank=True)

    # Contact: only what the initiative chooses to publish.
    contact_phone = models.CharField(
        _("public phone"),
        max_length=30,
        blank=True,
        help_text=_("Shown publicly. Leave empty to keep it private."),
    )
    contact_email = models.EmailField(
        _("public email"), blank=True, help_text=_("Shown publicly. Leave empty to keep it private.")
    )
    website = models.URLField(_("website"), blank=True, validators=[validate_web_url])
    links = models.TextField(
        _("other links"),
        blank=True,
        help_text=_("One address per line."),
        validators=[validate_web_url_lines],
    )

    # Where: commune and neighbourhood always; an address only for a public place.
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, verbose_name=_("commune"))
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("neighbourhood"),
        help_text=_("Leave empty if it serves the whole commune."),
    )
    has_public_place = models.BooleanField(
        _("has a place open to the public"),
        default=False,
        help_text=_("Only then are an address and a map point shown."),
    )
    address = models.CharField(_("address of the public place"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    # 7 decimals (about 1 cm): real files carry 6 to 15, the importer rounds to 7.
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=COORDINATE_DIGITS,
        decimal_places=COORDINATE_DECIMALS,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=COORDINATE_DIGITS,
        decimal_places=COORDINATE_DECIMALS,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    # When
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=300,
        blank=True,
        help_text=_(
            "For example “Mo-Fr 09:00-12:00; Sa 10:00-12:00” (OpenStreetMap syntax), or in your own words."
        ),
    )
    opening_hours_ok = models.BooleanField(default=False, editable=False)

    # Life
    status = models.CharField(
        _("status"), max_length=10, choices=InitiativeStatus.choices, default=InitiativeStatus.ACTIVE
    )
    last_checked_on = models.DateField(_("last checked on"), default=timezone.localdate)
    holders_reminded_on = models.DateField(null=True, blank=True, editable=False)
    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication.choices, default=Publication.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives_proposed",
    )
    holders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Holder", related_name="initiatives_held", blank=True
    )
    import_batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="initiatives"
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("possible duplicate of"),
    )
    external_id = models.CharField(
        _("identifier at the source"), max_length=200, blank=True, help_text=_("For imported entries.")
    )
    source_record = models.JSONField(
        default=dict, blank=True, editable=False, validators=[validate_source_record]
    )
    search_text = models.TextField(default="", editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "slug"], name="initiative_slug_unique_per_territory"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="initiative_point_has_both_coordinates",
            ),
            models.CheckConstraint(
                condition=Q(has_public_place=True) | Q(address="", latitude__isnull=True),
                name="initiative_address_only_for_a_public_place",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="initiative_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="initiative_longitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(publication__in=Publication.values), name="initiative_publication_known"
            ),
        ]
        indexes = [
            models.Index(fields=["territory", "publication", "name"]),
            models.Index(fields=["territory", "publication", "kind"]),
            models.Index(fields=["territory", "publication", "audience"]),
            models.Index(fields=["territory", "publication", "last_checked_on"]),
            models.Index(fields=["territory", "commune"]),
            models.Index(fields=["territory", "external_id"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:detail", kwargs={"slug": self.slug})

    def prepare_for_save(self) -> None:
        """What `save()` derives; `bulk_create` callers call it themselves."""
        self.opening_hours_ok = opening_hours.is_valid(self.opening_hours)
        if not self.has_public_place:
            self.address, self.latitude, self.longitude = "", None, None

    def clean(self):
        super().clean()
        errors = {}
        if self.neighbourhood_id and self.commune_id and self.neighbourhood.commune_id != self.commune_id:
            errors["neighbourhood"] = _("This neighbourhood is not in the chosen commune.")
        if self.commune_id and self.territory_id and self.commune.territory_id != self.territory_id:
            errors["commune"] = _("This commune is not part of this territory.")
        if not self.has_public_place and (self.address or self.latitude is not None):
            errors["has_public_place"] = _(
                "An address or a map point is only published for a place open to the public."
            )
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both the latitude and the longitude, or neither.")
        elif self.latitude is not None and not in_france(float(self.latitude), float(self.longitude)):
            errors["latitude"] = _("This point is not in France.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.publication == Publication.PUBLISHED

    @property
    def is_stale(self) -> bool:
        return self.last_checked_on < timezone.localdate() - STALE_AFTER

    @property
    def opening_hours_display(self) -> str:
        return opening_hours.readable(self.opening_hours)

    @property
    def has_point(self) -> bool:
        return self.has_public_place and self.latitude is not None

    @property
    def public_location(self) -> str:
        if self.neighbourhood_id:
            return f"{self.neighbourhood.name}, {self.commune.name}"
        return self.commune.name

    @property
    def web_links(self) -> list[str]:
        """The other links, those a page or an export may use (stored rows predate the validator)."""
        return [url for url in map(safe_url, self.links.splitlines()) if url]

    @property
    def web_site(self) -> str:
        return safe_url(self.website)

    def search_words(self, category_names: list[str]) -> str:
        return normalize(
            self.name,
            self.description,
            self.audience_note,
            self.commune.name if self.commune_id else "",
            self.neighbourhood.name if self.neighbourhood_id else "",
            *category_names,
        )


class HolderQuerySet(ScopedQuerySet):
    territory_path = "initiative__territory"


class Holder(models.Model):
    """Someone who runs an initiative and keeps its entry up to date, once a referent confirmed it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="holder_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role in the initiative"), max_length=100, blank=True)
    confirmed = models.BooleanField(_("confirmed by the referent"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = HolderQuerySet.as_manager()

    class Meta:
        verbose_name = _("holder")
        verbose_name_plural = _("holders")
        constraints = [models.UniqueConstraint(fields=["initiative", "user"], name="holder_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.initiative}"


class ServiceQuerySet(ScopedQuerySet):
    territory_path = "initiative__territory"


class Service(models.Model):
    """One thing an initiative offers (a data·inclusion service): “épicerie solidaire”, “vestiaire”…"""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("name"), max_length=150, validators=[MinLengthValidator(3)])
    description = models.TextField(_("description"), max_length=2000, validators=[MinLengthValidator(5)])
    service_type = models.CharField(_("type"), max_length=20, choices=ServiceType.choices, blank=True)
    fee = models.CharField(_("cost"), max_length=10, choices=Fee.choices, blank=True)
    categories = models.ManyToManyField(
        Category,
        related_name="services",
        verbose_name=_("themes"),
        blank=True,
        help_text=_("Leave empty to use the initiative's themes."),
    )
    import_batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="services"
    )
    external_id = models.CharField(_("identifier at the source"), max_length=200, blank=True)
    source_record = models.JSONField(
        default=dict, blank=True, editable=False, validators=[validate_source_record]
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CorrectionQuerySet(ScopedQuerySet):
    territory_path = "initiative__territory"


class Correction(models.Model):
    """A change to an entry proposed by someone who does not hold it; a referent applies it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="corrections")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    changed_fields = models.JSONField(default=list)
    note = models.CharField(_("note for the referent"), max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=CorrectionState.choices, default=CorrectionState.PENDING)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["initiative", "state"])]

    def __str__(self) -> str:
        return f"{self.initiative} ({self.created_at:%Y-%m-%d})"
