"""The evaluation's own figures: the one-click feedback (and the questionnaire's answers)."""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from .models import Feedback
from .registry import Figure, month, period


def _feedback(territory, start, end, answered: Q | None = None):
    answered = answered or Q()
    return (
        period(Feedback.objects.in_territory(territory), "created_at", start, end)
        .annotate(month=month("created_at"))
        .values("month", commune_id=F("person__commune_id"))
        .annotate(value=Count("pk", filter=answered), people=Count("person", distinct=True, filter=answered))
        .order_by()
    )


def feedback_given(territory, start, end):
    return _feedback(territory, start, end)


def feedback_did_good(territory, start, end):
    return _feedback(territory, start, end, Q(did_good=True))


def feedback_met_someone_new(territory, start, end):
    return _feedback(territory, start, end, Q(met_someone_new=True))


FEEDBACK = _("Feedback")

FIGURES = [
    Figure(
        "feedback_given",
        _("Feedback given"),
        FEEDBACK,
        feedback_given,
        description=_("One-click answers after a help, a meetup or a loan."),
    ),
    Figure(
        "feedback_did_good",
        _("“It did me good”"),
        FEEDBACK,
        feedback_did_good,
        description=_("Answers “yes” to “Did it do you good?”."),
    ),
    Figure(
        "feedback_met_someone_new",
        _("“I met someone new”"),
        FEEDBACK,
        feedback_met_someone_new,
        description=_("Answers “yes” to “Did you meet someone new?”."),
    ),
]
