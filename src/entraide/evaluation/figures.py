"""The evaluation's own figures: the one-click feedback (and the questionnaire's answers)."""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from .enums import ISOLATED, LONELY, KnowsWhomToAsk, Trust
from .models import Feedback, SurveyAnswer
from .registry import Figure, month, period


def _feedback(territory, start, end, answered: Q | None = None):
    answered = answered or Q()
    return (
        period(Feedback.objects.in_territory(territory), "created_at", start, end)
        .annotate(month=month("created_at"))
        .values("month", commune_id=F("person__commune_id"))
        .annotate(value=Count("pk", filter=answered), people=Count("person", distinct=True))
        .order_by()
    )


def feedback_given(territory, start, end):
    return _feedback(territory, start, end)


def feedback_did_good(territory, start, end):
    return _feedback(territory, start, end, Q(did_good=True))


def feedback_met_someone_new(territory, start, end):
    return _feedback(territory, start, end, Q(met_someone_new=True))


def _answers(territory, start, end, only: Q | None = None):
    """Questionnaire answers by commune and wave (the wave's first day is the month); `people` is
    how many answered in the cell, one answer per person and wave."""
    only = only or Q()
    return (
        SurveyAnswer.objects.in_territory(territory)
        .filter(wave__gte=start.replace(day=1), wave__lte=end)
        .values("commune_id", month=F("wave"))
        .annotate(value=Count("pk", filter=only), people=Count("pk"))
        .order_by()
    )


def survey_answers(territory, start, end):
    return _answers(territory, start, end)


def survey_isolated(territory, start, end):
    return _answers(territory, start, end, Q(contacts__in=ISOLATED))


def survey_knows_whom_to_ask(territory, start, end):
    return _answers(territory, start, end, Q(knows_whom_to_ask=KnowsWhomToAsk.YES))


def survey_trust(territory, start, end):
    return _answers(territory, start, end, Q(trust=Trust.MOST_PEOPLE))


def survey_lonely(territory, start, end):
    return _answers(territory, start, end, Q(loneliness__in=LONELY))


FEEDBACK = _("Feedback")
SURVEY = _("Questionnaire every six months")

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
        share=True,
    ),
    Figure(
        "feedback_met_someone_new",
        _("“I met someone new”"),
        FEEDBACK,
        feedback_met_someone_new,
        description=_("Answers “yes” to “Did you meet someone new?”."),
        share=True,
    ),
    Figure(
        "survey_answers",
        _("Questionnaires answered"),
        SURVEY,
        survey_answers,
        description=_("Online or on paper through a referent; the month is the start of the six-month wave."),
        every=6,
    ),
    Figure(
        "survey_isolated",
        _("Isolated: at most one contact in the month"),
        SURVEY,
        survey_isolated,
        description=_("Counted as INSEE does: at most one person outside the household in the last month."),
        every=6,
        share=True,
    ),
    Figure(
        "survey_knows_whom_to_ask",
        _("Know whom to ask for help"),
        SURVEY,
        survey_knows_whom_to_ask,
        every=6,
        share=True,
    ),
    Figure(
        "survey_trust",
        _("Most people can be trusted"),
        SURVEY,
        survey_trust,
        description=_("The Baromètre de la fraternité's question on trust."),
        every=6,
        share=True,
    ),
    Figure(
        "survey_lonely",
        _("Feel lonely every day or often"),
        SURVEY,
        survey_lonely,
        description=_("« Vous sentez-vous seul(e) ? »: every day or almost, or often."),
        every=6,
        share=True,
    ),
]
