"""Territories: what one deployment serves, its communes and their neighbourhoods.

Every piece of user data belongs to exactly one territory. Models that hold
such data inherit `TerritoryScoped`, whose manager only hands out rows through
`in_territory(territory)`; views get single objects through
`entraide.territories.scoping.get_scoped_or_404`.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from entraide.core.cache import bump_global

DEFAULT_RETENTION_YEARS = 3


def normalise_host(host: str) -> str:
    """`Entraide.Example.org.:8000` → `entraide.example.org`: how a host name is stored and looked up."""
    host = host.strip().lower()
    if host.startswith("["):  # an IPv6 literal keeps its colons
        return host.split("]")[0] + "]"
    return host.split(":")[0].rstrip(".")


class TerritoryQuerySet(models.QuerySet):
    def for_host(self, host: str) -> "Territory | None":
        """The territory served on `host`; with a single territory, any host serves it.

        A host name belongs to at most one territory (a unique row of `TerritoryHost`), so
        the answer never depends on the order of names or territories.
        """
        territories = list(self.order_by("pk")[:2])
        if len(territories) == 1:
            return territories[0]
        return self.filter(hosts__name=normalise_host(host)).first()


class AccessibilityStatus(models.TextChoices):
    """The three statuses of the RGAA's accessibility statement."""

    FULL = "full", _("fully conforming")
    PARTIAL = "partial", _("partially conforming")
    NONE = "none", _("not conforming")


class Territory(models.Model):
    """One commune or an intercommunality (EPCI): the unit of scoping."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        EPCI = "epci", _("Intercommunality")

    slug = models.SlugField(_("short name"), unique=True, max_length=60)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMUNE)
    epci_siren = models.CharField(_("EPCI SIREN"), max_length=9, blank=True)
    is_demo = models.BooleanField(
        _("demo territory"),
        default=False,
        help_text=_("Shows a banner saying that people and content are fictitious."),
    )
    contact_phone = models.CharField(
        _("referent desk phone"),
        max_length=30,
        blank=True,
        help_text=_("The town hall's public number, printed on paper material."),
    )
    legal_notice = models.TextField(_("legal notice"), blank=True)
    privacy_policy = models.TextField(_("privacy policy"), blank=True)
    retention_years = models.PositiveSmallIntegerField(
        _("inactive accounts are deleted after (years)"),
        default=DEFAULT_RETENTION_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "Without a login for this long, a person is warned by email, then their account is "
            "anonymised a month later. Assisted persons are never deleted automatically: their "
            "referents are asked instead."
        ),
    )

    # The accessibility statement (RGAA's model), published at /accessibilite/.
    accessibility_status = models.CharField(
        _("accessibility: conformity status"),
        max_length=10,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.PARTIAL,
        help_text=_("As the RGAA audit found it. Without an audit, the site is “not conforming”."),
    )
    accessibility_rate = models.PositiveSmallIntegerField(
        _("accessibility: rate of criteria met (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("The share of the RGAA criteria that apply and are met, from the audit's report."),
    )
    accessibility_audited_on = models.DateField(_("accessibility: date of the audit"), null=True, blank=True)
    accessibility_audit = models.TextField(
        _("accessibility: who audited, and how"),
        blank=True,
        help_text=_(
            "The auditor, the pages checked, the tools and the technologies (browsers, screen readers)."
        ),
    )
    accessibility_exceptions = models.TextField(
        _("accessibility: content that is not accessible, and its alternatives"),
        blank=True,
        help_text=_("What fails and what to use instead. Empty: the platform's known list is shown."),
    )
    accessibility_contact = models.TextField(
        _("accessibility: contact"),
        blank=True,
        help_text=_("How to report a barrier or get content in another form (email, address, phone)."),
    )

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def hostname_list(self) -> list[str]:
        """Its host names, the first one used in emails' links."""
        return [host.name for host in self.hosts.order_by("pk")]

    @property
    def accessibility_audited(self) -> bool:
        """An RGAA audit's figures are filled in (its rate and its date), not only the tests'."""
        return self.accessibility_rate is not None and self.accessibility_audited_on is not None

    @property
    def accessibility_conformity(self) -> AccessibilityStatus:
        """The status the statement publishes, from the audit's rate as the RGAA sets it: every
        criterion met is "fully", at least half "partially", less or no audit at all "not conforming".
        Never an invented figure: the automated tests are no audit."""
        if not self.accessibility_audited:
            return AccessibilityStatus.NONE
        if self.accessibility_rate >= 100:
            return AccessibilityStatus.FULL
        if self.accessibility_rate >= 50:
            return AccessibilityStatus.PARTIAL
        return AccessibilityStatus.NONE


class ScopedQuerySet(models.QuerySet):
    territory_path = "territory"

    def in_territory(self, territory: Territory) -> "ScopedQuerySet":
        if territory is None:
            raise ValueError("in_territory() needs a territory; got None.")
        return self.filter(**{self.territory_path: territory})

    # Bulk writes send no signal: they bump the shared cache's version themselves (core.cache).
    def update(self, **kwargs) -> int:
        rows = super().update(**kwargs)
        if rows:
            bump_global(self.model)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            bump_global(self.model)
        return created

    def bulk_update(self, objs, *args, **kwargs) -> int:
        rows = super().bulk_update(objs, *args, **kwargs)
        if rows:
            bump_global(self.model)
        return rows


host_name_validator = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
    _("Enter a host name such as entraide.coufouleux.fr, without https:// or a path."),
)


class TerritoryHost(models.Model):
    """One host name a territory is served on. A host name serves one territory, instance-wide.

    Only instance operators (superusers) change them: taking another territory's host name
    would hand over its board, its logins and its people.
    """

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="hosts", verbose_name=_("territory")
    )
    name = models.CharField(
        _("host name"),
        max_length=253,
        unique=True,
        validators=[host_name_validator],
        help_text=_("e.g. entraide.coufouleux.fr"),
        error_messages={"unique": _("This host name already serves a territory.")},
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("host name")
        verbose_name_plural = _("host names")
        ordering = ["pk"]
        constraints = [
            # Stored normalised, so that the unique constraint compares like with like.
            models.CheckConstraint(
                condition=Q(name=Lower("name")) & ~Q(name__endswith=".") & ~Q(name=""),
                name="territory_host_normalised",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalise_host(self.name)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self.name = normalise_host(self.name or "")
        super().clean_fields(exclude)


class Commune(models.Model):
    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="communes", verbose_name=_("territory")
    )
    insee_code = models.CharField(_("INSEE code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    postal_codes = models.CharField(_("postal codes"), max_length=60, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NeighbourhoodQuerySet(ScopedQuerySet):
    territory_path = "commune__territory"


class Neighbourhood(models.Model):
    """A quartier or hameau: the finest location ever shown publicly."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="neighbourhoods", verbose_name=_("commune")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(max_length=110, editable=False)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = NeighbourhoodQuerySet.as_manager()

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["commune__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "slug"], name="neighbourhood_unique_per_commune")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.commune.name})"

    def save(self, *args, **kwargs):
        self.slug = slugify(self.name)[:110]
        super().save(*args, **kwargs)
