from django.contrib import admin

from entraide.territories.admin import TerritoryScopedAdmin

from .models import Consent, ProxyAction, Role, User


class RoleInline(admin.TabularInline):
    model = Role
    fk_name = "user"
    fields = ["kind", "commune", "territory"]
    extra = 0


@admin.register(User)
class UserAdmin(TerritoryScopedAdmin):
    list_display = ["display_name", "email", "commune", "is_assisted", "is_active"]
    list_filter = ["is_assisted", "is_active", "commune"]
    search_fields = ["display_name", "email"]
    fields = [
        "display_name",
        "email",
        "territory",
        "commune",
        "neighbourhood",
        "phone",
        "age_bracket",
        "presentation",
        "can_help_with",
        "language",
        "is_assisted",
        "is_active",
    ]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(TerritoryScopedAdmin):
    list_display = ["user", "kind", "commune"]
    list_filter = ["kind"]
    autocomplete_fields = ["user"]


@admin.register(Consent)
class ConsentAdmin(TerritoryScopedAdmin):
    territory_path = "person__territory"
    list_display = ["person", "given_on", "method", "recorded_by"]


@admin.register(ProxyAction)
class ProxyActionAdmin(TerritoryScopedAdmin):
    list_display = ["created_at", "referent", "person", "summary"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
