"""Categories of help, configurable per territory.

The board files requests and offers under them, the directory files
initiatives under them (each mapped to data·inclusion `thematiques`), and the
diagnosis crosses them with neighbourhoods.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.territories.models import ScopedQuerySet, Territory


class CategoryQuerySet(ScopedQuerySet):
    def active(self) -> "CategoryQuerySet":
        return self.filter(is_active=True)


class Category(models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="categories")
    slug = models.SlugField(_("short name"), max_length=40)
    name = models.CharField(_("name"), max_length=60)
    safety_note = models.TextField(
        _("safety note"),
        blank=True,
        help_text=_("Shown when posting in this category, e.g. about insurance or meeting in public."),
    )
    di_thematiques = models.JSONField(
        _("data·inclusion themes"),
        default=list,
        blank=True,
        help_text=_("Codes from the national data·inclusion referential of thematiques."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "slug"], name="category_unique_per_territory")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language for a default category left as created; as typed otherwise."""
        from .defaults import display_name

        return display_name(self.slug, self.name)

    def clean(self):
        from .thematiques import KNOWN

        unknown = [code for code in self.di_thematiques or [] if code not in KNOWN]
        if unknown:
            raise ValidationError(
                {
                    "di_thematiques": _("Unknown data·inclusion themes: %(codes)s")
                    % {"codes": ", ".join(unknown)}
                }
            )
