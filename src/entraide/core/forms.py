from django import forms
from django.contrib import messages
from django.http import HttpRequest


def posted(request: HttpRequest):
    """A form's data: the POST, even an empty one (which then fails validation), or None on GET.

    `request.POST or None` would treat an empty POST as a first visit and store nothing
    without saying why.
    """
    return request.POST if request.method == "POST" else None


def row_form(form_class: type[forms.BaseForm], key, data=None, *, failed=None, **kwargs) -> forms.BaseForm:
    """The form of one row on a page that holds one per row (a note per exchange, a reason per claim).

    Its ids carry the row's key, so they stay unique on the page. A view whose row form did not
    validate renders the same page again with that bound form as `failed` (errors stay on the
    form, tied to their field, RGAA 11.10): the row it belongs to shows it instead of a blank one.
    Put `failed` in the page's context too, so the title says "Error:" ({% error_title %}), and
    call `say_unplaced` once the rows are built.
    """
    key = str(key)
    if failed is not None and getattr(failed, "row_key", None) == key:
        failed.placed = True
        return failed
    form = form_class(data, auto_id=f"%s-{key}", **kwargs)
    form.row_key = key
    return form


def say_unplaced(request: HttpRequest, failed) -> None:
    """A failed row form whose row is no longer on the page (answered meanwhile): its errors at the top."""
    if failed is not None and not getattr(failed, "placed", False):
        messages.error(request, " ".join(error for errors in failed.errors.values() for error in errors))
