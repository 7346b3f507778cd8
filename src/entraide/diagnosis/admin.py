from django.contrib import admin

from entraide.territories.admin import TerritoryScopedAdmin

from .models import Need, Snapshot


@admin.register(Need)
class NeedAdmin(TerritoryScopedAdmin):
    list_display = ["description", "category", "commune", "status", "state", "heard_on"]
    list_filter = ["status", "state", "source"]
    exclude = ["territory", "suggested_by", "recorded_by", "answered_by"]


@admin.register(Snapshot)
class SnapshotAdmin(TerritoryScopedAdmin):
    list_display = ["title", "taken_on"]
    fields = ["title", "taken_on"]
