from django.contrib import admin

from entraide.territories.admin import TerritoryScopedAdmin

from .models import Document, Meeting, Term


@admin.register(Term)
class TermAdmin(TerritoryScopedAdmin):
    list_display = ["role", "ends_on", "review_on", "represents"]


@admin.register(Meeting)
class MeetingAdmin(TerritoryScopedAdmin):
    list_display = ["starts_at", "place", "facilitator", "status"]
    raw_id_fields = ["facilitator"]


@admin.register(Document)
class DocumentAdmin(TerritoryScopedAdmin):
    list_display = ["title", "updated_at"]
    raw_id_fields = ["added_by"]
