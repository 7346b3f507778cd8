from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static

register = template.Library()


@register.simple_tag
def vendor_static(path: str) -> str:
    """The URL of a vendored file (e.g. "htmx/htmx.min.js"), or "" when it is not installed."""
    full = f"vendor/{path}"
    return static(full) if finders.find(full) else ""
