import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.core.csv import csv_response
from entraide.core.forms import posted, row_form, say_unplaced
from entraide.core.pdf import render_pdf
from entraide.core.permissions import check_request
from entraide.territories.models import Commune
from entraide.territories.scoping import get_scoped_or_404

from . import kinds, report, rules, services
from .charts import bar_chart
from .forms import (
    ChooseStoryForm,
    FeedbackForm,
    IndicatorsFilter,
    PaperStoryForm,
    PaperSurveyForm,
    StoryForm,
    SurveyForm,
)
from .indicators import all_series_as_of, by_commune, last_twelve_months
from .models import Story, quarter_of, wave_of
from .registry import MIN_PEOPLE, figures


def give(request: HttpRequest) -> HttpResponse:
    """The feedback form (GET ?kind=…&subject=…), and its answer (POST), one click from a page or an email."""
    data = request.POST if request.method == "POST" else request.GET
    form = FeedbackForm(data if request.method == "POST" else None, initial=data.dict())
    kind_key = data.get("kind", "")
    try:
        subject_id = uuid.UUID(data.get("subject", ""))
    except ValueError:
        raise Http404 from None
    kind = kinds.get(kind_key)
    if kind is None or not kinds.may_give(request.user, request.territory, kind_key, subject_id):
        raise Http404
    back = kind.url(request.territory, subject_id) or "/"
    if services.given(request.user, kind_key, subject_id):
        messages.info(request, _("You have already given your feedback on this. Thank you!"))
        return redirect(back)
    if request.method == "POST" and form.is_valid():
        try:
            services.give(
                person=request.user,
                kind=kind_key,
                subject=subject_id,
                did_good=form.cleaned_data["did_good"],
                met_someone_new=form.cleaned_data["met_someone_new"],
                sentence=form.cleaned_data["sentence"],
            )
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you for your feedback."))
        following = request.POST.get("next", "")
        if following and url_has_allowed_host_and_scheme(following, allowed_hosts={request.get_host()}):
            return redirect(following)
        return redirect(back)
    return render(request, "evaluation/give.html", {"form": form, "kind": kind})


# The periodic questionnaire ----------------------------------------------------------------------


@check_request(rules.can_answer_survey)
def survey(request: HttpRequest) -> HttpResponse:
    """The questionnaire of the current six-month wave, answered by the person themselves."""
    wave = wave_of(timezone.localdate())
    if services.answered(request.user, request.territory):
        return render(request, "evaluation/survey_done.html", {"wave": wave})
    form = SurveyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(territory=request.territory, person=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you! Your answers are counted with others', never shown with your name.")
            )
            return redirect("evaluation:indicators")
    return render(request, "evaluation/survey.html", {"form": form, "wave": wave})


@check_request(rules.can_enter_on_paper)
def survey_paper(request: HttpRequest) -> HttpResponse:
    """A questionnaire someone answered on paper, entered by a referent with the consent's date."""
    form = PaperSurveyForm(posted(request), user=request.user, territory=request.territory)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.answer_survey(territory=request.territory, entered_by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The questionnaire is recorded. You can enter another one."))
            return redirect("evaluation:survey_paper")
    return render(
        request, "evaluation/survey_paper.html", {"form": form, "wave": wave_of(timezone.localdate())}
    )


# Stories of change ------------------------------------------------------------------------------


@check_request(rules.can_tell_story)
def tell(request: HttpRequest) -> HttpResponse:
    paper = rules.can_enter_on_paper(request.user, request.territory) and request.GET.get("papier") == "1"
    if paper:
        form = PaperStoryForm(posted(request), user=request.user, territory=request.territory)
    else:
        form = StoryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.tell_story(
            territory=request.territory,
            teller=None if paper else request.user,
            entered_by=request.user if paper else None,
            commune=data.get("commune"),
            title=data["title"],
            body=data["body"],
            consent=data["consent_to_publish"],
        )
        messages.success(request, _("Thank you for this story. The group reads every story each quarter."))
        return redirect(
            "evaluation:stories"
            if rules.can_steer(request.user, request.territory)
            else "evaluation:indicators"
        )
    return render(request, "evaluation/tell.html", {"form": form, "paper": paper})


@check_request(rules.can_steer)
def stories(request: HttpRequest) -> HttpResponse:
    return _stories_page(request)


def _stories_page(request: HttpRequest, failed: ChooseStoryForm | None = None) -> HttpResponse:
    """What residents and referents told, latest first, for the group to choose from each quarter;
    after a refused choice, with its form sent back on its story, its error on its field (RGAA
    11.10), answered 400 like every form sent back."""
    told = (
        Story.objects.in_territory(request.territory).select_related("commune").order_by("-created_at", "-pk")
    )
    page = Paginator(told, 20).get_page(request.GET.get("page"))
    quarter = quarter_of(timezone.localdate())
    chosen = Story.objects.in_territory(request.territory).filter(chosen_for=quarter).first()
    rows = [(story, row_form(ChooseStoryForm, story.public_id, failed=failed)) for story in page]
    if failed is not None and chosen is not None:
        failed.placed = False  # a story was chosen meanwhile: no form is shown, said at the top
    say_unplaced(request, failed)
    return render(
        request,
        "evaluation/stories.html",
        {"page": page, "rows": rows, "quarter": quarter, "chosen": chosen, "failed": failed},
    )


@require_POST
@check_request(rules.can_steer)
def story_choose(request: HttpRequest, public_id) -> HttpResponse:
    story = get_scoped_or_404(request, Story.objects.all(), public_id=public_id)
    form = row_form(ChooseStoryForm, story.public_id, request.POST)
    form.fields["why"].error_messages["required"] = _("Write why the group chose this story.")
    if form.is_valid():
        try:
            services.choose_story(story, why=form.cleaned_data["why"])
        except ValidationError as error:
            # Already chosen, or another story chosen for the quarter meanwhile: said on the form.
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("This story is the quarter's most significant change."))
            return redirect("evaluation:stories")
    return _stories_page(request, form)


@require_POST
@check_request(rules.can_steer)
def story_publish(request: HttpRequest, public_id) -> HttpResponse:
    story = get_scoped_or_404(request, Story.objects.all(), public_id=public_id)
    try:
        services.publish_story(story, published=request.POST.get("published") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("evaluation:stories")


# Indicators, the yearly report and the open data ----------------------------------------------


def _years(today) -> list[int]:
    return list(range(today.year, today.year - 5, -1))


def _period(year: int | None):
    today = timezone.localdate()
    if year is None:
        return last_twelve_months(today)
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)


def _published_stories(territory, limit: int = 5):
    return list(
        Story.objects.in_territory(territory)
        .filter(published=True)
        .select_related("commune")
        .order_by(F("chosen_for").desc(nulls_last=True), "-created_at")[:limit]
    )


def _charted(all_series) -> list[dict]:
    return [
        {"series": one, "chart": bar_chart(one, f"chart-{one.key.replace('_', '-')}")} for one in all_series
    ]


@login_not_required
def indicators(request: HttpRequest) -> HttpResponse:
    """Every module's figures by month, for the territory or a commune, small numbers hidden."""
    today = timezone.localdate()
    form = IndicatorsFilter(request.GET or None, territory=request.territory, years=_years(today))
    commune, year = None, None
    if form.is_bound and form.is_valid():
        commune, year = form.cleaned_data["commune"], form.cleaned_data["annee"]
    start, end = _period(year)
    series, refreshed_at = all_series_as_of(request.territory, start, end, commune.pk if commune else None)
    context = {
        "refreshed_at": refreshed_at,
        "form": form,
        "commune": commune,
        "start": start,
        "end": end,
        "charts": _charted(series),
        "stories": _published_stories(request.territory),
        "min_people": MIN_PEOPLE,
        "can_answer": rules.can_answer_survey(request.user, request.territory),
        "can_steer": rules.can_steer(request.user, request.territory),
        "can_enter_on_paper": rules.can_enter_on_paper(request.user, request.territory),
        "report_year": today.year - 1,
    }
    return render(request, "evaluation/indicators.html", context)


@login_not_required
def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The yearly report for the council and the funders: the figures, the chosen stories, the
    diagnosis compared with a year earlier and the money, as one PDF."""
    today = timezone.localdate()
    if not 2000 <= year <= today.year:
        raise Http404
    start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
    context = report.context(request.territory, year, start, end)
    context["charts"] = _charted(context.pop("series"))
    return render_pdf(
        request,
        "evaluation/pdf/report.html",
        context,
        title=_("Yearly report %(year)s") % {"year": year},
        filename=f"bilan-{year}.pdf",
        html_url=reverse("evaluation:indicators") + f"?annee={year}",
    )


@login_not_required
def open_data(request: HttpRequest) -> HttpResponse:
    """Every figure by commune and month over the last five years, every cell counting at least
    MIN_PEOPLE people (Licence Ouverte; the dictionary is /evaluation/dictionnaire.csv)."""
    today = timezone.localdate()
    start = datetime.date(today.year - 4, 1, 1)
    communes = dict(Commune.objects.in_territory(request.territory).values_list("pk", "insee_code"))
    names = dict(Commune.objects.in_territory(request.territory).values_list("pk", "name"))
    rows = []
    for figure, cells in by_commune(request.territory, start, today):
        for cell in cells:
            rows.append(
                [
                    figure.key,
                    cell["month"].strftime("%Y-%m"),
                    communes.get(cell["commune_id"], ""),
                    names.get(cell["commune_id"], ""),
                    cell["value"],
                    cell["people"],
                ]
            )
    header = ["indicateur", "mois", "code_insee", "commune", "valeur", "personnes"]
    return csv_response(f"entraide-evaluation-{today:%Y-%m-%d}.csv", header, rows)


@login_not_required
def data_dictionary(request: HttpRequest) -> HttpResponse:
    """What each column and each indicator of the open data means, and its licence."""
    header = ["nom", "type", "description"]
    rows = [
        ["indicateur", _("text"), _("The indicator's key, listed below.")],
        [
            "mois",
            _("month (YYYY-MM)"),
            _("The month; for the questionnaire, the first month of its six-month wave."),
        ],
        ["code_insee", _("text"), _("The commune's INSEE code; empty when the commune is not known.")],
        ["commune", _("text"), _("The commune's name.")],
        ["valeur", _("whole number"), _("The indicator's value for the commune and month.")],
        [
            "personnes",
            _("whole number"),
            _("How many people are behind the value; a cell under %(min)s people is left out.")
            % {"min": MIN_PEOPLE},
        ],
    ]
    rows += [
        [figure.key, str(figure.module), f"{figure.label}. {figure.description}".strip()]
        for figure in figures()
    ]
    rows.append(
        [
            "licence",
            "",
            _(
                "Licence Ouverte / Open Licence version 2.0 (Etalab): free reuse, mentioning the source "
                "(Entraide, %(territory)s) and the date of the data."
            )
            % {"territory": request.territory.name},
        ]
    )
    return csv_response("entraide-evaluation-dictionnaire.csv", header, rows)
