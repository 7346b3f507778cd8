from django import template

from entraide.core import validators

register = template.Library()


@register.filter
def safe_url(value: str | None, kind: str = "web") -> str:
    """`value` if a page may link to it (http, https; also mailto and tel with "contact"), else "".

    Use it for every stored address put in an href or a src: `{{ initiative.website|safe_url }}`.
    """
    return validators.safe_url(value, validators.CONTACT if kind == "contact" else validators.WEB)
