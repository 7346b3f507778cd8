"""Territories: what one deployment serves, its communes and their neighbourhoods.

Every piece of user data belongs to exactly one territory. Models that hold
such data inherit `TerritoryScoped`, whose manager only hands out rows through
`in_territory(territory)`; views get single objects through
`entraide.territories.scoping.get_scoped_or_404`.
"""

import uuid

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class TerritoryQuerySet(models.QuerySet):
    def for_host(self, host: str) -> "Territory | None":
        """The territory served on `host`; with a single territory, any host serves it."""
        host = host.split(":")[0].lower().rstrip(".")
        territories = list(self.order_by("pk")[:2])
        if len(territories) == 1:
            return territories[0]
        for territory in self.filter(hostnames__icontains=host):
            if host in territory.hostname_list:
                return territory
        return None


class Territory(models.Model):
    """One commune or an intercommunality (EPCI): the unit of scoping."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        EPCI = "epci", _("Intercommunality")

    slug = models.SlugField(_("short name"), unique=True, max_length=60)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMUNE)
    epci_siren = models.CharField(_("EPCI SIREN"), max_length=9, blank=True)
    hostnames = models.TextField(
        _("host names"),
        blank=True,
        help_text=_(
            "One per line, e.g. entraide.coufouleux.fr. With a single territory, any host serves it."
        ),
    )
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

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def hostname_list(self) -> list[str]:
        return [h.strip().lower() for h in self.hostnames.split() if h.strip()]


class ScopedQuerySet(models.QuerySet):
    territory_path = "territory"

    def in_territory(self, territory: Territory) -> "ScopedQuerySet":
        if territory is None:
            raise ValueError("in_territory() needs a territory; got None.")
        return self.filter(**{self.territory_path: territory})


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
