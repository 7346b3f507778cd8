from django import template

from entraide.core.text import end_sentence

register = template.Library()


@register.filter(is_safe=True)  # dropping a period keeps safe text safe
def sentence(value) -> str:
    """One period after a name ending with an initial: `{{ message|sentence }}`, `{% filter sentence %}`."""
    return end_sentence(str(value))
