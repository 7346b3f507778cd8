from django.contrib import admin

from entraide.territories.admin import TerritoryScopedAdmin

from .enums import AccountKind
from .models import Account, AuditEvent, Claim, TimebankSettings, Transfer


@admin.register(TimebankSettings)
class TimebankSettingsAdmin(TerritoryScopedAdmin):
    list_display = ["territory", "is_enabled", "floor_minutes", "ceiling_minutes", "welcome_credit_minutes"]


class ReadOnlyAdmin(TerritoryScopedAdmin):
    """The ledger is changed through the referent's tools only, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    """Read-only, except that an initiative's account can be opened here (at zero)."""

    list_display = ["__str__", "kind", "balance_minutes", "is_frozen"]
    list_filter = ["kind", "is_frozen"]
    list_select_related = ["owner"]
    fields = ["territory", "name"]

    def has_add_permission(self, request):
        return TerritoryScopedAdmin.has_add_permission(self, request)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.kind = AccountKind.INITIATIVE
            obj.balance_minutes = 0
            super().save_model(request, obj, form, change)


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "payer", "payee", "minutes"]
    list_filter = ["kind"]
    list_select_related = ["payer__owner", "payee__owner"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "helper", "receiver", "minutes", "status"]
    list_filter = ["status"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "detail"]
    list_filter = ["action"]
