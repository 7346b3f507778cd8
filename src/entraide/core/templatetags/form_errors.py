"""A failed submission is said in the page title and focuses the form's error summary; a form's
optional fields may be folded in a <details> (one Tab stop instead of several).

`{% error_title %}` (in the base template's <title>) starts the title with "Error: " when the
page holds a bound form that did not validate; `{% error_summary_focus %}` (in the form
include) gives the first error summary of the page `autofocus`, which browsers honour with or
without JavaScript (and htmx honours in the parts it swaps in).
"""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()

_FOCUSED = "_entraide_error_summary_focused"


def _forms_in(value, depth: int = 0):
    # By type, never isinstance(): isinstance() evaluates a lazy object (`csrf_token` would set
    # the CSRF cookie on every page, keeping public pages out of the cache; `user` reads the
    # session). A form is never lazy.
    kind = type(value)
    if issubclass(kind, forms.BaseForm | forms.BaseFormSet):
        yield value
    elif issubclass(kind, list | tuple) and depth < 2:
        # A list of forms, or of (object, form) pairs: one form per row of a page.
        for item in value:
            yield from _forms_in(item, depth + 1)


def invalid_forms(context) -> list[forms.BaseForm]:
    """The bound forms with errors that the template's context holds, directly or in lists."""
    found = []
    for value in context.flatten().values():
        for form in _forms_in(value):
            if form.is_bound and not form.is_valid() and form not in found:
                found.append(form)
    return found


@register.simple_tag(takes_context=True)
def error_title(context) -> str:
    return _("Error: ") if invalid_forms(context) else ""


@register.simple_tag(takes_context=True)
def error_summary_focus(context) -> str:
    """ " autofocus" for the first error summary rendered in this request, "" afterwards."""
    request = context.get("request")
    if request is None:
        return " autofocus"
    if getattr(request, _FOCUSED, False):
        return ""
    setattr(request, _FOCUSED, True)
    return " autofocus"


@register.filter
def error_anchor(field: forms.BoundField) -> str:
    """The id an error link points to: the field, or for a group of radios or boxes its first one."""
    if field.use_fieldset:
        for widget in field.subwidgets:
            if widget.id_for_label:
                return widget.id_for_label
    return field.id_for_label or field.auto_id


def _folded_names(form) -> tuple[str, ...]:
    return tuple(getattr(form, "folded_fields", ()) or ())


@register.filter
def unfolded_fields(form) -> list[forms.BoundField]:
    """The visible fields shown at once: all but those the form folds (`folded_fields`)."""
    folded = _folded_names(form)
    return [field for field in form.visible_fields() if field.name not in folded]


@register.filter
def folded_fields(form) -> list[forms.BoundField]:
    """The optional fields a form folds in a <details>, labelled by its `folded_label`."""
    folded = _folded_names(form)
    return [field for field in form.visible_fields() if field.name in folded]


@register.filter
def folds_open(fields: list[forms.BoundField]) -> bool:
    """Folded fields start open when one has an error, was changed in what was sent, or holds a
    value of the object edited: nothing the person wrote is hidden."""
    for field in fields:
        form = field.form
        editing = getattr(getattr(form, "instance", None), "pk", None) is not None
        value = field.value()
        if (
            field.errors
            or (form.is_bound and field.field.has_changed(field.initial, field.data))
            or (editing and value not in (None, "", [], False))
        ):
            return True
    return False
