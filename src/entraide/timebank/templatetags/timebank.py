from django import template

from ..formatting import format_minutes

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours: 90 → "1 h 30"."""
    return format_minutes(minutes)
