from django.contrib import admin

from entraide.territories.admin import TerritoryScopedAdmin

from .models import BoardSettings, ModerationAction, Post, Report


@admin.register(BoardSettings)
class BoardSettingsAdmin(TerritoryScopedAdmin):
    list_display = ["territory", "expiry_days", "follow_up_days", "hold_new_accounts"]


@admin.register(Post)
class PostAdmin(TerritoryScopedAdmin):
    list_display = ["reference", "title", "kind", "category", "commune", "status", "visibility", "created_at"]
    list_filter = ["kind", "status", "visibility", "urgent"]
    search_fields = ["reference", "title"]
    readonly_fields = ["reference", "author", "entered_by", "created_at", "expires_at"]
    fields = [
        "reference",
        "kind",
        "title",
        "body",
        "status",
        "visibility",
        "author",
        "entered_by",
        "created_at",
        "expires_at",
    ]


@admin.register(Report)
class ReportAdmin(TerritoryScopedAdmin):
    list_display = ["post", "created_at", "resolved_at"]
    readonly_fields = ["post", "message", "reporter", "reason", "created_at"]


@admin.register(ModerationAction)
class ModerationActionAdmin(TerritoryScopedAdmin):
    list_display = ["created_at", "moderator", "kind", "post", "person"]
    readonly_fields = ["moderator", "kind", "reason", "post", "person", "report", "created_at"]
