from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from entraide.people import rules

from .models import Commune, Neighbourhood, Territory, TerritoryHost


def _has_admin(request) -> bool:
    return rules.can_use_admin(request.user, getattr(request, "territory", None))


# The Django admin is for administrators only: superusers (who operate the
# instance) and people holding the administrator role of the current territory.
admin.site.has_permission = _has_admin
admin.site.site_header = "Entraide"
admin.site.site_title = "Entraide"
admin.site.index_title = _("Administration")


class TerritoryScopedAdmin(admin.ModelAdmin):
    """A territory administrator sees and edits their own territory's rows only.

    `territory_path` names the lookup from the model to its territory.
    """

    territory_path = "territory"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.territory_path: request.territory.pk})

    def has_module_permission(self, request):
        return _has_admin(request)

    def has_view_permission(self, request, obj=None):
        return _has_admin(request)

    def has_change_permission(self, request, obj=None):
        return _has_admin(request)

    def has_add_permission(self, request):
        return _has_admin(request)

    def has_delete_permission(self, request, obj=None):
        return _has_admin(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        related = field.queryset
        if not request.user.is_superuser and hasattr(related, "in_territory"):
            field.queryset = related.in_territory(request.territory)
        elif not request.user.is_superuser and related.model is Territory:
            field.queryset = related.filter(pk=request.territory.pk)
        return field


class TerritoryHostInline(admin.TabularInline):
    """Host names decide which territory a visitor, a login and a session belong to: only
    instance operators (superusers) see or change them."""

    model = TerritoryHost
    fields = ["name"]
    extra = 1

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Territory)
class TerritoryAdmin(TerritoryScopedAdmin):
    territory_path = "pk"
    list_display = ["name", "kind", "is_demo"]
    fields = [
        "name",
        "slug",
        "kind",
        "epci_siren",
        "is_demo",
        "contact_phone",
        "legal_notice",
        "privacy_policy",
        "retention_years",
    ]
    fieldsets = [
        (None, {"fields": fields}),
        (
            _("Accessibility statement"),
            {
                "fields": [
                    # The status follows from the rate (Territory.accessibility_conformity).
                    "accessibility_rate",
                    "accessibility_audited_on",
                    "accessibility_audit",
                    "accessibility_exceptions",
                    "accessibility_contact",
                ],
                "description": _(
                    "Published at /accessibilite/, linked from every page's footer. Fill in the rate and "
                    "the date from the RGAA audit's report: the status follows (100 %: fully conforming; "
                    "50 % or more: partially; less, or no audit: not conforming)."
                ),
            },
        ),
    ]
    fields = None
    inlines = [TerritoryHostInline]

    def get_inlines(self, request, obj=None):
        return self.inlines if request.user.is_superuser else []

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class NeighbourhoodInline(admin.TabularInline):
    model = Neighbourhood
    fields = ["name"]
    extra = 3


@admin.register(Commune)
class CommuneAdmin(TerritoryScopedAdmin):
    list_display = ["name", "insee_code", "territory"]
    search_fields = ["name", "insee_code"]
    inlines = [NeighbourhoodInline]

    def has_add_permission(self, request):
        # Communes come from the official list: `entraide territory create`.
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(TerritoryScopedAdmin):
    territory_path = "commune__territory"
    list_display = ["name", "commune"]
    list_filter = ["commune"]
