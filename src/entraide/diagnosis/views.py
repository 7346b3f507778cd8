from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.core import csv
from entraide.core.cache import cached_for_anonymous
from entraide.core.forms import posted
from entraide.core.permissions import check_request
from entraide.territories.models import Commune
from entraide.territories.scoping import get_scoped_or_404

from . import rules, services, table
from .enums import NeedState, NeedStatus
from .forms import NeedForm, SnapshotForm, SuggestNeedForm
from .models import Need, Snapshot


def _snapshot(request: HttpRequest, public_id) -> Snapshot:
    return get_scoped_or_404(request, Snapshot.objects.all(), public_id=public_id)


def _source(request: HttpRequest) -> tuple[dict, Snapshot | None]:
    """The live data, or a snapshot's when ?instantane=<id> names one."""
    key = request.GET.get("instantane")
    if key:
        snapshot = _snapshot(request, key)
        return snapshot.data, snapshot
    return table.collect(request.territory), None


def _evolution(request: HttpRequest, axis: str, now: table.Table | None) -> list[dict]:
    snapshots = list(Snapshot.objects.in_territory(request.territory).order_by("taken_on", "created_at")[:24])
    points = [
        {"label": s.title, "date": s.taken_on, "summary": table.build(s.data, axis).summary()}
        for s in snapshots
    ]
    if now is not None:
        points.append({"label": _("Today"), "date": timezone.localdate(), "summary": now.summary()})
    for point in points:
        summary = point["summary"]
        total = sum(v for k, v in summary.items() if k != "no_need") or 1
        point["percent"] = {k: round(100 * summary[k] / total) for k in ("uncovered", "partial", "covered")}
        point["start_covered"] = point["percent"]["uncovered"] + point["percent"]["partial"]
    return points


@login_not_required
@cached_for_anonymous
def diagnosis(request: HttpRequest) -> HttpResponse:
    exact = rules.sees_exact_numbers(request.user, request.territory)
    axis = request.GET.get("par", table.BY_NEIGHBOURHOOD)
    grid = table.build(table.collect(request.territory), axis, exact)
    context = {
        "table": grid,
        "exact": exact,
        "needs": table.pressing_needs(request.territory, 50),
        "evolution": _evolution(request, grid.axis, grid),
        "can_follow": exact,
        "editable_communes": _editable_communes(request),
        "snapshots": Snapshot.objects.in_territory(request.territory)[:10],
        "can_suggest": rules.can_suggest_need(request.user, request.territory),
    }
    return render(request, "diagnosis/diagnosis.html", context)


@login_not_required
def diagnosis_csv(request: HttpRequest) -> HttpResponse:
    exact = rules.sees_exact_numbers(request.user, request.territory)
    data, snapshot = _source(request)
    grid = table.build(data, request.GET.get("par", table.BY_NEIGHBOURHOOD), exact)
    rows = [
        [
            theme,
            area,
            cell.coverage_label,
            "; ".join(cell.lines("resource", exact)),
            "; ".join(cell.lines("need", exact)),
        ]
        for theme, cells in grid.rows()
        for area, cell in cells
        if cell is not None
    ]
    name = f"diagnostic-{(snapshot.taken_on if snapshot else timezone.localdate()).isoformat()}.csv"
    header = [_("Theme"), _("Place"), _("Coverage"), _("Resources"), _("Needs")]
    return csv.csv_response(name, header, rows)


@login_not_required
def diagnosis_pdf(request: HttpRequest) -> HttpResponse:
    from .pdf import diagnosis_pdf as build_pdf

    exact = rules.sees_exact_numbers(request.user, request.territory)
    data, snapshot = _source(request)
    grid = table.build(data, request.GET.get("par", table.BY_COMMUNE), exact)
    day = snapshot.taken_on if snapshot else timezone.localdate()
    title = (
        snapshot.title
        if snapshot
        else _("Shared diagnosis of %(date)s") % {"date": date_format(day, "j F Y")}
    )
    return build_pdf(request, title, day, grid, data.get("uncovered_needs", []), exact, snapshot)


def snapshots(request: HttpRequest) -> HttpResponse:
    if not rules.can_follow_diagnosis(request.user, request.territory):
        raise PermissionDenied
    default = _("Diagnosis of %(date)s") % {"date": date_format(timezone.localdate(), "F Y")}
    form = SnapshotForm(posted(request), initial={"title": default})
    if request.method == "POST" and form.is_valid():
        snapshot = services.take_snapshot(
            territory=request.territory, user=request.user, title=form.cleaned_data["title"]
        )
        messages.success(request, _("The snapshot “%(title)s” has been taken.") % {"title": snapshot.title})
        return redirect("diagnosis:snapshot", public_id=snapshot.public_id)
    items = Snapshot.objects.in_territory(request.territory).select_related("taken_by")[:50]
    return render(request, "diagnosis/snapshots.html", {"form": form, "snapshots": items})


@login_not_required
def snapshot_detail(request: HttpRequest, public_id) -> HttpResponse:
    snapshot = _snapshot(request, public_id)
    exact = rules.sees_exact_numbers(request.user, request.territory)
    axis = request.GET.get("par", table.BY_NEIGHBOURHOOD)
    grid = table.build(snapshot.data, axis, exact)
    others = Snapshot.objects.in_territory(request.territory).exclude(pk=snapshot.pk)
    compare_key = request.GET.get("comparer", "")
    comparison, compared_with = None, None
    if compare_key == "maintenant":
        comparison = table.compare(grid, table.build(table.collect(request.territory), grid.axis, exact))
        compared_with = _("today")
    elif compare_key:
        other = get_scoped_or_404(request, others, public_id=compare_key)
        before, after = sorted([snapshot, other], key=lambda s: (s.taken_on, s.created_at))
        comparison = table.compare(
            table.build(before.data, grid.axis, exact), table.build(after.data, grid.axis, exact)
        )
        compared_with = other.title
    context = {
        "snapshot": snapshot,
        "table": grid,
        "exact": exact,
        "others": others[:50],
        "comparison": comparison,
        "compared_with": compared_with,
        "needs": snapshot.data.get("uncovered_needs", []),
    }
    return render(request, "diagnosis/snapshot.html", context)


# Needs --------------------------------------------------------------------------------------


@check_request(rules.can_follow_diagnosis)
def need_list(request: HttpRequest) -> HttpResponse:
    needs = (
        Need.objects.in_territory(request.territory)
        .select_related("category", "commune", "neighbourhood", "suggested_by")
        .order_by("state", "status", "-heard_on", "pk")
    )
    status = request.GET.get("statut")
    if status in NeedStatus.values:
        needs = needs.filter(status=status)
    if request.GET.get("etat") == NeedState.SUGGESTED:
        needs = needs.filter(state=NeedState.SUGGESTED)
    page = Paginator(needs, 50).get_page(request.GET.get("page"))
    context = {"page": page, "statuses": NeedStatus.choices, "editable_communes": _editable_communes(request)}
    return render(request, "diagnosis/need_list.html", context)


def _editable_communes(request: HttpRequest) -> set[int] | str:
    """The communes whose needs the user may edit: "all", or a set of ids (maybe empty)."""
    if not rules.can_follow_diagnosis(request.user, request.territory):
        return set()
    ids = rules.recordable_commune_ids(request.user, request.territory)
    return "all" if ids is None else ids


def _recordable_communes(request: HttpRequest):
    ids = rules.recordable_commune_ids(request.user, request.territory)
    communes = Commune.objects.in_territory(request.territory)
    return communes if ids is None else communes.filter(pk__in=ids)


@check_request(rules.can_follow_diagnosis)
def need_create(request: HttpRequest) -> HttpResponse:
    form = NeedForm(posted(request), territory=request.territory, communes=_recordable_communes(request))
    if request.method == "POST" and form.is_valid():
        services.record_need(form=form, user=request.user, territory=request.territory)
        messages.success(request, _("The need has been recorded."))
        return redirect("diagnosis:needs")
    return render(request, "diagnosis/need_form.html", {"form": form, "creating": True})


def need_suggest(request: HttpRequest) -> HttpResponse:
    if not rules.can_suggest_need(request.user, request.territory):
        raise PermissionDenied
    form = SuggestNeedForm(posted(request), territory=request.territory)
    if request.method == "POST" and form.is_valid():
        services.suggest_need(form=form, user=request.user, territory=request.territory)
        messages.success(request, _("Thank you! The referent and the coordination group will look at it."))
        return redirect("diagnosis:diagnosis")
    return render(request, "diagnosis/need_form.html", {"form": form, "suggesting": True})


def _editable_need(request: HttpRequest, public_id) -> Need:
    need = get_scoped_or_404(
        request, Need.objects.select_related("category", "commune", "neighbourhood"), public_id=public_id
    )
    if not rules.can_follow_diagnosis(request.user, request.territory) or not rules.can_record_need_in(
        request.user, request.territory, need.commune_id
    ):
        raise Http404
    return need


def need_edit(request: HttpRequest, public_id) -> HttpResponse:
    need = _editable_need(request, public_id)
    form = NeedForm(
        posted(request),
        instance=need,
        territory=request.territory,
        communes=_recordable_communes(request),
    )
    if request.method == "POST" and form.is_valid():
        services.update_need(form=form, user=request.user)
        messages.success(request, _("The need has been saved."))
        return redirect("diagnosis:needs")
    return render(request, "diagnosis/need_form.html", {"form": form, "need": need})


@require_POST
def need_delete(request: HttpRequest, public_id) -> HttpResponse:
    need = _editable_need(request, public_id)
    need.delete()
    messages.success(request, _("The need has been removed."))
    return redirect("diagnosis:needs")
