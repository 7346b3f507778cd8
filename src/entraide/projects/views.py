"""Micro-initiatives: public pages under /projets/, reviewers' and referents' under /accueil/projets/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.core.csv import csv_response
from entraide.core.forms import posted
from entraide.core.pdf import render_pdf
from entraide.core.permissions import check_request
from entraide.people.models import User
from entraide.territories.scoping import get_scoped_or_404

from . import rules, services, summary
from .enums import DECIDED, ProjectStatus, SupportStatus
from .forms import (
    ApplicationForm,
    CallForm,
    ConflictForm,
    DecisionForm,
    DiaryForm,
    FollowForm,
    FundingLineForm,
    GuideForm,
    MentorForm,
    PaperApplicationForm,
    PaymentForm,
    ReviewForm,
    SupportForm,
)
from .markdown import render as render_markdown
from .models import (
    Call,
    ConflictOfInterest,
    DiaryEntry,
    FundingLine,
    Guide,
    Mentor,
    Project,
    Review,
    SupportRequest,
)

RESULTS_LIMIT = 60
QUEUE_LIMIT = 200


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _call(request: HttpRequest, slug: str) -> Call:
    return get_scoped_or_404(request, Call.objects.all(), slug=slug)


def _public_results(territory):
    return (
        Project.objects.in_territory(territory)
        .decided()
        .select_related("call", "commune", "neighbourhood")
        .order_by("-decided_at", "pk")
    )


# Public pages -----------------------------------------------------------------------------


@login_not_required
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    calls = Call.objects.in_territory(request.territory)
    return render(
        request,
        "projects/index.html",
        {
            "open_calls": list(calls.open_on(today).order_by("closes_on", "pk")),
            "coming_calls": list(calls.filter(opens_on__gt=today).order_by("opens_on", "pk")[:10]),
            "closed_calls": list(calls.filter(closes_on__lt=today).order_by("-closes_on", "pk")[:10]),
            "funded": list(
                _public_results(request.territory).granted().order_by("-decided_at", "pk")[:RESULTS_LIMIT]
            ),
            "guides": list(
                Guide.objects.in_territory(request.territory).only("title", "slug", "summary")[:10]
            ),
        },
    )


@login_not_required
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    results = list(
        Project.objects.filter(call=call, status__in=DECIDED)
        .select_related("commune", "neighbourhood")
        .order_by("status", "title", "pk")[:QUEUE_LIMIT]
    )
    mine = None
    if request.user.is_authenticated:
        mine = Project.objects.filter(call=call, applicant=request.user).order_by("-created_at").first()
    return render(
        request,
        "projects/call.html",
        {
            "call": call,
            "results": results,
            "mine": mine,
            "is_open": call.is_open(),
            "may_review": rules.is_reviewer(request.user, request.territory),
        },
    )


@login_not_required
def paper_form(request: HttpRequest, slug: str) -> HttpResponse:
    """The eight questions on paper, to print: the referent types the answers in afterwards."""
    call = _call(request, slug)
    return render(request, "projects/paper_form.html", {"call": call, "form": ApplicationForm(call=call)})


def _application_form(request: HttpRequest, call: Call, project: Project, *, draft: bool) -> ApplicationForm:
    form = ApplicationForm(posted(request), instance=project, call=call)
    if draft:  # a draft keeps what was typed; only the title is needed
        for name, field in form.fields.items():
            field.required = name in ("title", "holder", "commune")
    return form


def _save_application(request: HttpRequest, call: Call, project: Project) -> HttpResponse:
    draft = request.POST.get("action") == "draft"
    form = _application_form(request, call, project, draft=draft)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.save_application(form.save(commit=False), by=request.user, submit=not draft)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            if draft:
                messages.success(request, _("Your draft is saved. Come back to it from “My applications”."))
                return redirect("projects:edit_application", public_id=project.public_id)
            messages.success(
                request, _("Your application is submitted. You will be told of the decision by email.")
            )
            return redirect("projects:mine")
    return render(request, "projects/apply.html", {"form": form, "call": call, "project": project})


def apply(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    if not rules.can_apply(request.user, request.territory):
        raise PermissionDenied
    draft = Project.objects.filter(call=call, applicant=request.user, status=ProjectStatus.DRAFT).first()
    if draft is not None:
        return redirect("projects:edit_application", public_id=draft.public_id)
    if not call.is_open():
        return render(request, "projects/closed.html", {"call": call}, status=200)
    project = Project(call=call, territory=request.territory, commune_id=request.user.commune_id)
    return _save_application(request, call, project)


def edit_application(request: HttpRequest, public_id) -> HttpResponse:
    project = get_scoped_or_404(request, Project.objects.select_related("call"), public_id=public_id)
    if project.applicant_id != request.user.pk:
        raise Http404
    if not rules.can_edit_application(request.user, project):
        return redirect("projects:mine")
    return _save_application(request, project.call, project)


def mine(request: HttpRequest) -> HttpResponse:
    projects = (
        Project.objects.in_territory(request.territory)
        .filter(applicant=request.user)
        .select_related("call")
        .order_by("-created_at", "pk")[:QUEUE_LIMIT]
    )
    supports = (
        SupportRequest.objects.in_territory(request.territory)
        .filter(requester=request.user)
        .order_by("-created_at", "pk")[:QUEUE_LIMIT]
    )
    return render(request, "projects/mine.html", {"projects": projects, "supports": supports})


def _project(request: HttpRequest, slug: str) -> Project:
    project = get_scoped_or_404(
        request, Project.objects.select_related("call", "commune", "neighbourhood"), slug=slug
    )
    if not project.is_granted:
        raise Http404
    return project


@login_not_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    diary = list(project.diary.order_by("written_on", "pk"))
    payments = list(project.payments.order_by("paid_on", "pk"))
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "diary": diary,
            "latest": diary[-1] if diary else None,
            "payments": payments,
            "paid": sum(p.amount for p in payments),
            "may_write": rules.can_write_diary(request.user, request.territory, project),
            "may_review": rules.can_review(request.user, request.territory, project),
        },
    )


def diary(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    if not rules.can_write_diary(request.user, request.territory, project):
        raise PermissionDenied
    form = DiaryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.project = project
        try:
            services.write_diary(entry, by=request.user)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The diary is updated."))
            return redirect(project)
    return render(request, "projects/diary.html", {"form": form, "project": project})


@login_not_required
def support(request: HttpRequest) -> HttpResponse:
    form = SupportForm(posted(request))
    if request.method == "POST":
        if not rules.can_apply(request.user, request.territory):
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if form.is_valid():
            services.ask_support(form.save(commit=False), by=request.user)
            messages.success(
                request, _("Your request is sent to the referent and the mentors: they will write to you.")
            )
            return redirect("projects:mine")
    return render(request, "projects/support.html", {"form": form})


def support_follow(request: HttpRequest, public_id) -> HttpResponse:
    support = get_scoped_or_404(
        request,
        SupportRequest.objects.select_related("requester", "mentor__person", "project", "commune"),
        public_id=public_id,
    )
    if not rules.can_see_support(request.user, request.territory, support):
        raise Http404
    may_follow = rules.can_close_support(request.user, request.territory, support)
    may_assign = rules.runs_programme(request.user, request.territory)
    form = None
    if may_follow:
        form = FollowForm(
            posted(request),
            territory=request.territory,
            may_assign=may_assign,
            initial={"mentor": support.mentor_id},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.follow_support(
                    support,
                    by=request.user,
                    mentor=form.cleaned_data.get("mentor"),
                    note=form.cleaned_data["note"],
                    done=form.cleaned_data["done"],
                )
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("The request is updated."))
                return redirect(support)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "projects/support_follow.html", {"support": support, "form": form})


@login_not_required
def guides(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "projects/guides.html",
        {
            "guides": Guide.objects.in_territory(request.territory).only("title", "slug", "summary")[:200],
            "may_write": rules.runs_programme(request.user, request.territory),
        },
    )


@login_not_required
def guide(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_scoped_or_404(request, Guide.objects.all(), slug=slug)
    return render(
        request,
        "projects/guide.html",
        {
            "guide": found,
            "body": render_markdown(found.body),
            "may_write": rules.runs_programme(request.user, request.territory),
        },
    )


# Reviewers and referents ------------------------------------------------------------------


@check_request(rules.is_reviewer)
def desk(request: HttpRequest) -> HttpResponse:
    territory = request.territory
    calls = (
        Call.objects.in_territory(territory)
        .annotate(
            submitted=Count("projects", filter=Q(projects__status=ProjectStatus.SUBMITTED)),
            decided=Count("projects", filter=Q(projects__status__in=DECIDED)),
        )
        .order_by("-closes_on", "pk")[:50]
    )
    runs = rules.runs_programme(request.user, territory)
    supports = []
    if runs:
        supports = list(
            SupportRequest.objects.in_territory(territory)
            .exclude(status=SupportStatus.DONE)
            .select_related("requester", "mentor__person")
            .order_by("created_at", "pk")[:50]
        )
    return render(
        request,
        "projects/desk/index.html",
        {"calls": calls, "runs": runs, "supports": supports, "year": timezone.localdate().year},
    )


@check_request(rules.runs_programme)
def call_create(request: HttpRequest) -> HttpResponse:
    form = CallForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            call = services.open_call(form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The call is open. Share its page with the residents."))
            return redirect(call)
    return render(request, "projects/desk/call_form.html", {"form": form})


@check_request(rules.runs_programme)
def call_edit(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    form = CallForm(posted(request), instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_call(form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The call is updated."))
            return redirect(call)
    return render(request, "projects/desk/call_form.html", {"form": form, "call": call})


@check_request(rules.is_reviewer)
def call_review(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    conflicts = ConflictOfInterest.objects.filter(reviewer=request.user, project=OuterRef("pk"))
    reviewed = Review.objects.filter(reviewer=request.user, project=OuterRef("pk"))
    projects = (
        Project.objects.filter(call=call)
        .exclude(status=ProjectStatus.DRAFT)
        .exclude(Exists(conflicts))
        .annotate(review_count=Count("reviews"), reviewed=Exists(reviewed))
        .select_related("commune", "neighbourhood")
        .order_by("status", "submitted_at", "pk")[:QUEUE_LIMIT]
    )
    return render(
        request,
        "projects/desk/call_review.html",
        {
            "call": call,
            "projects": projects,
            "runs": rules.runs_programme(request.user, request.territory),
            "conflicted": ConflictOfInterest.objects.filter(
                reviewer=request.user, project__call=call
            ).count(),
        },
    )


def _reviewed_project(request: HttpRequest, public_id) -> Project:
    """The project to review, or 404: a reviewer with a conflict does not see it at all."""
    project = get_scoped_or_404(
        request,
        Project.objects.select_related("call", "commune", "neighbourhood", "applicant", "entered_by"),
        public_id=public_id,
    )
    if not rules.is_reviewer(request.user, request.territory):
        raise PermissionDenied
    if not rules.can_review(request.user, request.territory, project):
        raise Http404
    return project


def _review_page(request: HttpRequest, project: Project, **forms) -> HttpResponse:
    own = Review.objects.filter(project=project, reviewer=request.user).first()
    context = {
        "project": project,
        "call": project.call,
        "reviews": project.reviews.select_related("reviewer").order_by("updated_at", "pk"),
        "review_form": forms.get("review_form") or ReviewForm(instance=own, auto_id="review-%s"),
        "conflict_form": ConflictForm(auto_id="conflict-%s"),
        "may_decide": rules.can_decide(request.user, request.territory, project),
        "decision_form": forms.get("decision_form") or DecisionForm(auto_id="decision-%s"),
        "runs": rules.runs_programme(request.user, request.territory),
        "payments": list(project.payments.order_by("paid_on", "pk")) if project.is_granted else [],
        "payment_form": forms.get("payment_form") or PaymentForm(auto_id="payment-%s"),
    }
    return render(request, "projects/desk/review.html", context)


def review(request: HttpRequest, public_id) -> HttpResponse:
    project = _reviewed_project(request, public_id)
    if request.method != "POST":
        return _review_page(request, project)
    own = Review.objects.filter(project=project, reviewer=request.user).first()
    form = ReviewForm(request.POST, instance=own, auto_id="review-%s")
    if form.is_valid():
        item = form.save(commit=False)
        item.project = project
        try:
            services.save_review(item, reviewer=request.user)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Your review is saved."))
            return redirect("projects:review", public_id=project.public_id)
    return _review_page(request, project, review_form=form)


@require_POST
def conflict(request: HttpRequest, public_id) -> HttpResponse:
    project = _reviewed_project(request, public_id)
    form = ConflictForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.declare_conflict(project, reviewer=request.user, reason=reason)
    messages.success(
        request, _("Your conflict of interest is recorded: this project is no longer shown to you.")
    )
    return redirect("projects:call_review", slug=project.call.slug)


@require_POST
def decide(request: HttpRequest, public_id) -> HttpResponse:
    project = _reviewed_project(request, public_id)
    if not rules.can_decide(request.user, request.territory, project):
        raise PermissionDenied
    form = DecisionForm(request.POST, auto_id="decision-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide(
                project,
                by=request.user,
                status=data["status"],
                statement=data["statement"],
                granted_amount=data.get("granted_amount"),
                starts_on=data.get("starts_on"),
                ends_on=data.get("ends_on"),
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The decision is recorded, published and sent to the applicants."))
            return redirect("projects:call_review", slug=project.call.slug)
    return _review_page(request, project, decision_form=form)


@require_POST
@check_request(rules.runs_programme)
def payment(request: HttpRequest, public_id) -> HttpResponse:
    project = _reviewed_project(request, public_id)
    form = PaymentForm(request.POST, auto_id="payment-%s")
    if form.is_valid():
        item = form.save(commit=False)
        item.project = project
        try:
            services.record_payment(item, by=request.user)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect("projects:review", public_id=project.public_id)
    return _review_page(request, project, payment_form=form)


@check_request(rules.runs_programme)
def paper(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    project = Project(call=call, territory=request.territory)
    form = PaperApplicationForm(posted(request), instance=project, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_on_paper(
                form.save(commit=False), by=request.user, consent=form.cleaned_data["consent"]
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The paper application is entered and submitted to the reviewers."))
            return redirect("projects:call_review", slug=call.slug)
    return render(request, "projects/desk/paper.html", {"form": form, "call": call})


@check_request(rules.runs_programme)
def support_desk(request: HttpRequest) -> HttpResponse:
    form = MentorForm(posted(request))
    if request.method == "POST" and form.is_valid():
        person = (
            User.objects.in_territory(request.territory)
            .filter(email__iexact=form.cleaned_data["email"])
            .first()
        )
        if person is None:
            form.add_error("email", _("No account of the territory has this address."))
        else:
            Mentor.objects.update_or_create(
                territory=request.territory,
                person=person,
                defaults={"offer": form.cleaned_data["offer"], "is_active": True},
            )
            messages.success(request, _("%(name)s is a mentor.") % {"name": person.display_name})
            return redirect("projects:support_desk")
    supports = (
        SupportRequest.objects.in_territory(request.territory)
        .select_related("requester", "mentor__person")
        .order_by("status", "-created_at", "pk")[:QUEUE_LIMIT]
    )
    mentors = Mentor.objects.in_territory(request.territory).filter(is_active=True).select_related("person")
    return render(
        request, "projects/desk/support.html", {"supports": supports, "mentors": mentors, "form": form}
    )


@check_request(rules.runs_programme)
def guide_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    instance = get_scoped_or_404(request, Guide.objects.all(), slug=slug) if slug else Guide()
    form = GuideForm(posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = services.save_guide(form.save(commit=False), by=request.user)
        messages.success(request, _("The guide is saved."))
        return redirect(saved)
    return render(request, "projects/desk/guide_form.html", {"form": form, "guide": instance})


@check_request(rules.runs_programme)
def funding(request: HttpRequest) -> HttpResponse:
    search = _project_search(request)
    form = FundingLineForm(posted(request), territory=request.territory, search=search)
    if request.method == "POST" and form.is_valid():
        line = form.save(commit=False)
        line.territory = request.territory
        line.save()
        messages.success(request, _("The funding line is recorded."))
        return redirect("projects:funding")
    lines = (
        FundingLine.objects.in_territory(request.territory)
        .select_related("project")
        .order_by("-asked_on", "pk")[:QUEUE_LIMIT]
    )
    totals = FundingLine.objects.in_territory(request.territory).aggregate(
        asked=Sum("amount_asked"), obtained=Sum("amount_obtained")
    )
    return render(
        request,
        "projects/desk/funding.html",
        {
            "form": form,
            "lines": lines,
            "totals": totals,
            "year": timezone.localdate().year,
            "search": search,
        },
    )


@check_request(rules.runs_programme)
def funding_edit(request: HttpRequest, public_id) -> HttpResponse:
    line = get_scoped_or_404(request, FundingLine.objects.all(), public_id=public_id)
    search = _project_search(request)
    form = FundingLineForm(posted(request), instance=line, territory=request.territory, search=search)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The funding line is updated."))
        return redirect("projects:funding")
    return render(request, "projects/desk/funding_edit.html", {"form": form, "line": line, "search": search})


def _project_search(request: HttpRequest) -> str:
    """The words typed to find an older project for a funding line (GET ?projet=…)."""
    return " ".join(request.GET.get("projet", "").split())[:100]


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@check_request(rules.runs_programme)
def funding_summary(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return render(request, "projects/desk/summary.html", summary.for_year(request.territory, year))


@check_request(rules.runs_programme)
def funding_summary_pdf(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    context = summary.for_year(request.territory, year)
    return render_pdf(
        request,
        "projects/pdf/summary.html",
        context,
        title=_("Micro-initiatives: money in and out, %(year)s") % {"year": year},
        filename=f"micro-initiatives-{year}.pdf",
        html_url=f"{reverse('projects:funding_summary')}?annee={year}",
    )


@check_request(rules.runs_programme)
def funding_summary_csv(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return csv_response(
        f"micro-initiatives-{year}.csv", *summary.csv_rows(summary.for_year(request.territory, year))
    )


@login_not_required
def results_json(request: HttpRequest) -> HttpResponse:
    """Every decision, as open data: no names, no contact; the neighbourhood at most."""
    participants = DiaryEntry.objects.filter(project=OuterRef("pk"), final=True).order_by(
        "-written_on", "-pk"
    )
    projects = (
        Project.objects.in_territory(request.territory)
        .decided()
        .select_related("call", "commune", "neighbourhood")
        .annotate(participants=Subquery(participants.values("participants")[:1]))
        .order_by("decided_at", "pk")
    )
    data = [
        {
            "appel": p.call.title,
            "projet": p.title,
            "code_insee": p.commune.insee_code,
            "commune": p.commune.name,
            "quartier": p.neighbourhood.name if p.neighbourhood_id else None,
            "porteur": p.holder,
            "decision": p.status,
            "montant_demande_euros": p.amount_asked,
            "montant_accorde_euros": p.granted_amount,
            "date_decision": p.decided_at.date().isoformat() if p.decided_at else None,
            "motivation": p.statement,
            "participants": p.participants,
            "page": request.build_absolute_uri(p.get_absolute_url()) if p.is_granted else None,
        }
        for p in projects
    ]
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="micro-initiatives-resultats.json"'
    return response
