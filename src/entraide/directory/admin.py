from django.contrib import admin

from entraide.territories.admin import TerritoryScopedAdmin

from .models import ImportBatch, Initiative, Service


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0
    fields = ["name", "description", "service_type", "fee"]


@admin.register(Initiative)
class InitiativeAdmin(TerritoryScopedAdmin):
    list_display = ["name", "kind", "commune", "publication", "status", "last_checked_on"]
    list_filter = ["publication", "status", "kind"]
    search_fields = ["name"]
    exclude = ["territory", "holders", "search_text", "import_batch", "duplicate_of", "proposed_by"]
    inlines = [ServiceInline]

    def save_model(self, request, obj, form, change):
        if not change and not obj.territory_id:
            obj.territory = request.territory
        super().save_model(request, obj, form, change)


@admin.register(ImportBatch)
class ImportBatchAdmin(TerritoryScopedAdmin):
    list_display = ["filename", "created_at", "created_count", "undone_at"]
    readonly_fields = ["filename", "file_format", "encoding", "report", "created_count", "undone_at"]
    exclude = ["territory", "created_by"]
