from django import template

from .. import kinds, services
from ..forms import FeedbackForm

register = template.Library()


def _back(request, kind: str, subject, given: str | None) -> str:
    """Where the form sends people back: a page one can GET. The including template may say it;
    else this page when it was read with GET; else (a page re-rendered after a failed POST, whose
    address answers POST only) the subject's own page from evaluation.kinds, or "" (the view then
    falls back to it too)."""
    if given:
        return given
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    found = kinds.get(kind)
    return found.url(request.territory, subject) if found is not None else ""


@register.inclusion_tag("evaluation/includes/feedback_form.html", takes_context=True)
def feedback_form(context, kind: str, subject, next: str | None = None) -> dict:
    request = context["request"]
    user = request.user
    may = kinds.may_give(user, request.territory, kind, subject)
    return {
        "may_give": may,
        "given": may and services.given(user, kind, subject),
        "form": FeedbackForm(initial={"kind": kind, "subject": subject}),
        "next": _back(request, kind, subject, next) if may else "",
        "csrf_token": context.get("csrf_token"),
        "prefix": f"feedback-{subject}",
    }


@register.inclusion_tag("evaluation/includes/feedback_form.html", takes_context=True)
def feedback_about(context, kind: str, obj, next: str | None = None) -> dict:
    """The one-click feedback about what a page shows (a board post whose help was recorded), for
    those who may give it: `{% feedback_about "exchange" post %}`."""
    request = context["request"]
    found = kinds.get(kind)
    if not request.user.is_authenticated or found is None or found.subject_of is None:
        return {"may_give": False}
    subject = found.subject_of(request.user, request.territory, obj)
    if subject is None:
        return {"may_give": False}
    return feedback_form(context, kind, subject, next)
