"""A failed submission is said in the page title and focuses the form's error summary; a form's
optional fields may be folded in a <details> (one Tab stop instead of several).

`{% error_title %}` (in the base template's <title>) starts the title with "Error: " when the
page holds a bound form that did not validate; `{% error_summary_attrs form %}` (in the form
include) gives the first error summary of the page `autofocus`, which browsers honour with or
without JavaScript (and htmx honours in the parts it swaps in).

Browsers skip `autofocus` when the address's fragment names an element of the page, and a form
without `action` posts back to the address it was on, fragment included: someone who took the
skip link ("#contenu") and then sent a form with errors would land on <main>, not on the errors.
So on a whole page, the first error summary *is* the skip link's target: `{% main %}…{% endmain %}`
(the base template's landmark) renders its content first and gives <main> the target's id only
when no summary took it. Every form, with or without an `action`, is covered.
"""

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_FOCUSED = "_entraide_error_summary_focused"
_IN_MAIN = "_entraide_rendering_main"
_TOOK_TARGET = "_entraide_error_summary_is_skip_target"
# The skip link's target (base.html's `href="#contenu"`).
SKIP_TARGET = "contenu"


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


# Set on the request when its page shows a form with errors (core.middleware.FormErrorStatus).
SHOWS_FORM_ERRORS = "_entraide_shows_form_errors"


@register.simple_tag(takes_context=True)
def error_title(context) -> str:
    if not invalid_forms(context):
        return ""
    request = context.get("request")
    if request is not None:
        setattr(request, SHOWS_FORM_ERRORS, True)
    return _("Error: ")


@register.simple_tag(takes_context=True)
def error_summary_attrs(context, form=None) -> str:
    """The first error summary of a page: the skip link's target (on a whole page) and
    `autofocus`; the others: their form's id (`<prefix>-errors`) when it has a prefix."""
    request = context.get("request")
    first = request is None or not getattr(request, _FOCUSED, False)
    if request is not None:
        setattr(request, _FOCUSED, True)
    if first and request is not None and getattr(request, _IN_MAIN, False):
        setattr(request, _TOOK_TARGET, True)
        return format_html(' id="{}" autofocus', SKIP_TARGET)
    prefix = getattr(form, "prefix", None)
    own_id = format_html(' id="{}-errors"', prefix) if prefix else ""
    return format_html("{}{}", own_id, mark_safe(" autofocus") if first else "")


class MainNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        request = context.get("request")
        if request is not None:
            setattr(request, _IN_MAIN, True)
        content = self.nodelist.render(context)
        taken = request is not None and getattr(request, _TOOK_TARGET, False)
        target = "" if taken else format_html(' id="{}"', SKIP_TARGET)
        return format_html('<main{} tabindex="-1">{}</main>', target, content)


@register.tag("main")
def do_main(parser, token) -> MainNode:
    """`{% main %}…{% endmain %}`: the page's <main>, the skip link's target unless an error
    summary inside took that role (see the module's docstring)."""
    nodelist = parser.parse(("endmain",))
    parser.delete_first_token()
    return MainNode(nodelist)


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
