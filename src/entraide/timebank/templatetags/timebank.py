from django import template

from ..formatting import format_minutes

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours: 90 → "1 h 30"; nothing for nothing."""
    return "" if minutes in (None, "") else format_minutes(minutes)


@register.simple_tag(takes_context=True)
def may_reverse(context, transfer) -> bool:
    """Whether the person viewing the page may reverse `transfer` (rules.can_reverse)."""
    from ..rules import can_reverse

    request = context["request"]
    return can_reverse(request.user, request.territory, transfer)
