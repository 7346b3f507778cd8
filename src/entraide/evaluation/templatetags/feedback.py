from django import template

from .. import kinds, services
from ..forms import FeedbackForm

register = template.Library()


@register.inclusion_tag("evaluation/includes/feedback_form.html", takes_context=True)
def feedback_form(context, kind: str, subject) -> dict:
    request = context["request"]
    user = request.user
    may = kinds.may_give(user, request.territory, kind, subject)
    return {
        "may_give": may,
        "given": may and services.given(user, kind, subject),
        "form": FeedbackForm(initial={"kind": kind, "subject": subject}),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "prefix": f"feedback-{subject}",
    }
