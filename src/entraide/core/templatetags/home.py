"""`{% waiting_count as n %}`: what waits for the logged-in person, for the menu (entraide.core.home)."""

from django import template

from entraide.core.home import waiting_count as count_waiting

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_count(context) -> int:
    request = context.get("request")
    if request is None or not getattr(request, "user", None) or not request.user.is_authenticated:
        return 0
    if getattr(request, "territory", None) is None:
        return 0
    return count_waiting(request)
