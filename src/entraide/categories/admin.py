from django.contrib import admin

from entraide.territories.admin import TerritoryScopedAdmin

from .models import Category


@admin.register(Category)
class CategoryAdmin(TerritoryScopedAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
