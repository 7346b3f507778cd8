from django import template

from entraide.coordination import rules

register = template.Library()


@register.simple_tag(takes_context=True)
def is_coordination_member(context) -> bool:
    """Whether the visitor belongs to the coordination group (the menu shows its space)."""
    request = context.get("request")
    if request is None:
        return False
    return rules.is_member(request.user, getattr(request, "territory", None))
