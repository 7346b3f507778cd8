import functools
import json
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from entraide.core import csv
from entraide.core.cache import cached_for_anonymous
from entraide.core.forms import posted
from entraide.core.permissions import check_request
from entraide.territories.models import Commune
from entraide.territories.scoping import get_scoped_or_404

from . import exports, imports, opening_hours, rules, services
from .enums import CorrectionState, Publication
from .forms import (
    ClaimForm,
    CorrectionForm,
    FilterForm,
    ImportForm,
    InitiativeForm,
    ProposalForm,
    ServiceForm,
)
from .models import Correction, Holder, ImportBatch, Initiative, Service

PAGE_SIZE = 20
EMBED_SIZE = 50  # the embed has no pagination: its links open the site (target _top)
LEAFLET_STATIC = "vendor/leaflet"  # npm leaflet@1.9.4's dist/, served by settings.VENDOR_PACKAGES


def _initiative(request: HttpRequest, slug: str) -> Initiative:
    initiative = get_scoped_or_404(
        request, Initiative.objects.select_related("commune", "neighbourhood", "proposed_by"), slug=slug
    )
    if not rules.can_see(request.user, request.territory, initiative):
        raise Http404
    return initiative


def _editable(request: HttpRequest, slug: str) -> Initiative:
    initiative = _initiative(request, slug)
    if not rules.can_edit(request.user, request.territory, initiative):
        raise PermissionDenied
    return initiative


def _validated(request: HttpRequest, slug: str) -> Initiative:
    initiative = _initiative(request, slug)
    if not rules.can_validate(request.user, request.territory, initiative):
        raise PermissionDenied
    return initiative


def _filtered(request: HttpRequest) -> tuple[FilterForm, object]:
    form = FilterForm(request.GET, territory=request.territory)
    queryset = form.filtered(Initiative.objects.in_territory(request.territory).published().for_listing())
    return form, queryset.order_by("name", "pk")


@functools.cache
def leaflet_assets() -> dict[str, str] | None:
    """Leaflet's script and stylesheet, when the pinned npm package is installed (else no map, the list)."""
    if not finders.find(f"{LEAFLET_STATIC}/leaflet.js"):
        return None
    return {"js": static(f"{LEAFLET_STATIC}/leaflet.js"), "css": static(f"{LEAFLET_STATIC}/leaflet.css")}


def _map_settings() -> dict:
    return {
        "tiles": settings.DIRECTORY_MAP_TILES_URL,
        "attribution": settings.DIRECTORY_MAP_ATTRIBUTION,
        "leaflet": leaflet_assets(),
    }


def _query(filters: dict) -> str:
    query = QueryDict(mutable=True)
    query.update(filters)
    return query.urlencode()


@login_not_required
@cached_for_anonymous
def initiative_list(request: HttpRequest) -> HttpResponse:
    form, queryset = _filtered(request)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filters": _query(form.active_filters())}
    if request.htmx:
        return render(request, "directory/includes/results.html", context)
    return render(request, "directory/list.html", context)


def _map_page(request: HttpRequest, page_size: int = PAGE_SIZE) -> dict:
    form, queryset = _filtered(request)
    filters = _query(form.active_filters())
    return {
        "form": form,
        "page": Paginator(queryset, page_size).get_page(request.GET.get("page")),
        "map": _map_settings(),
        "geojson_url": reverse("directory:export_geojson") + (f"?{filters}" if filters else ""),
        "filters": filters,
    }


@login_not_required
def initiative_map(request: HttpRequest) -> HttpResponse:
    """The map of the filtered initiatives (drawn by JavaScript from the GeoJSON), and the same as a list."""
    return render(request, "directory/map.html", _map_page(request))


@login_not_required
@xframe_options_exempt
def embed(request: HttpRequest) -> HttpResponse:
    """A bare list (and map) for a commune's own website, in an <iframe>."""
    context = _map_page(request, EMBED_SIZE) | {"show_map": request.GET.get("vue") == "carte"}
    return render(request, "directory/embed.html", context)


@login_not_required
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _initiative(request, slug)
    user, territory = request.user, request.territory
    can_edit = rules.can_edit(user, territory, initiative)
    context = {
        "initiative": initiative,
        "categories": list(initiative.categories.all()),
        "services": list(initiative.services.prefetch_related("categories")),
        "can_edit": can_edit,
        "can_validate": rules.can_validate(user, territory, initiative),
        "can_propose": rules.can_propose(user, territory),
        "json_ld": json.dumps(_json_ld(request, initiative), ensure_ascii=False).replace("</", "<\\/"),
    }
    if initiative.is_published:
        from entraide.meetups.places import next_meetups

        context["meetups"] = next_meetups(initiative)
    if can_edit:
        context["holders"] = list(initiative.holder_links.select_related("user"))
    return render(request, "directory/detail.html", context)


def _json_ld(request: HttpRequest, initiative: Initiative) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": initiative.name,
        "description": initiative.description,
        "url": request.build_absolute_uri(initiative.get_absolute_url()),
        "areaServed": initiative.public_location,
    }
    if initiative.contact_phone:
        data["telephone"] = initiative.contact_phone
    if initiative.contact_email:
        data["email"] = initiative.contact_email
    if same_as := [url for url in [initiative.web_site, *initiative.web_links] if url]:
        data["sameAs"] = same_as
    if initiative.has_public_place:
        place = {
            "@type": "Place",
            "name": initiative.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": initiative.address,
                "postalCode": initiative.postal_code,
                "addressLocality": initiative.commune.name,
                "addressCountry": "FR",
            },
        }
        if initiative.has_point:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(initiative.latitude),
                "longitude": float(initiative.longitude),
            }
        if hours := opening_hours.specification(initiative.opening_hours):
            place["openingHoursSpecification"] = hours
        data["location"] = place
    return data


def _say_if_unplaced(request: HttpRequest, initiative: Initiative) -> None:
    """A public place the address service could not place (the communes have no known centre)."""
    if initiative.has_public_place and initiative.address and initiative.latitude is None:
        messages.info(
            request,
            _(
                "The address could not be placed on the map, so the entry is shown without a point. "
                "To add it, edit the entry and click where the place is on the map."
            ),
        )


def propose(request: HttpRequest) -> HttpResponse:
    if not rules.can_propose(request.user, request.territory):
        raise PermissionDenied
    form = ProposalForm(posted(request), territory=request.territory)
    if request.method == "POST" and form.is_valid():
        publish_now = rules.can_validate(request.user, request.territory, form.instance)
        initiative = services.propose_initiative(
            form=form,
            user=request.user,
            territory=request.territory,
            publish=publish_now,
            holder=form.cleaned_data["i_run_it"],
        )
        _say_if_unplaced(request, initiative)
        if publish_now:
            messages.success(request, _("The initiative is published."))
        else:
            messages.success(
                request, _("Thank you! The referent of the commune will check it before it is published.")
            )
        return redirect(initiative)
    return render(request, "directory/form.html", {"form": form, "proposing": True, "map": _map_settings()})


def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Those who hold or validate an entry edit it; anyone else logged in proposes a correction."""
    initiative = _initiative(request, slug)
    if rules.can_edit(request.user, request.territory, initiative):
        form = InitiativeForm(posted(request), instance=initiative, territory=request.territory)
        if request.method == "POST" and form.is_valid():
            services.update_initiative(form=form)
            messages.success(request, _("The entry has been saved."))
            _say_if_unplaced(request, initiative)
            return redirect(initiative)
        return render(
            request, "directory/form.html", {"form": form, "initiative": initiative, "map": _map_settings()}
        )
    if not initiative.is_published or not rules.can_propose(request.user, request.territory):
        raise PermissionDenied
    form = CorrectionForm(posted(request), instance=initiative, territory=request.territory)
    if request.method == "POST" and form.is_valid():
        services.propose_correction(form=form, user=request.user, note=form.cleaned_data["correction_note"])
        messages.success(request, _("Thank you! The referent will review your correction."))
        return redirect(reverse("directory:detail", kwargs={"slug": initiative.slug}))
    return render(
        request,
        "directory/form.html",
        {"form": form, "initiative": initiative, "correcting": True, "map": _map_settings()},
    )


@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _validated(request, slug)
    services.publish(initiative)
    messages.success(request, _("“%(name)s” is published.") % {"name": initiative.name})
    return redirect("directory:queue")


@require_POST
def refuse(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _validated(request, slug)
    if initiative.is_published:
        raise PermissionDenied
    services.refuse(initiative)
    messages.success(request, _("The proposal “%(name)s” has been removed.") % {"name": initiative.name})
    return redirect("directory:queue")


@require_POST
def confirm_up_to_date(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _editable(request, slug)
    services.confirm_up_to_date(initiative)
    messages.success(request, _("Thank you: the entry is marked as checked today."))
    return redirect(initiative)


def claim(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _initiative(request, slug)
    if not initiative.is_published or not rules.can_propose(request.user, request.territory):
        raise PermissionDenied
    form = ClaimForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.claim(initiative, request.user, form.cleaned_data["role"])
        messages.success(
            request, _("Thank you! Once the referent has confirmed it, you will be able to update the entry.")
        )
        return redirect(initiative)
    return render(request, "directory/claim.html", {"form": form, "initiative": initiative})


@require_POST
def holder_decide(request: HttpRequest, public_id, decision: str) -> HttpResponse:
    holder = get_scoped_or_404(
        request, Holder.objects.select_related("initiative", "user"), public_id=public_id
    )
    if decision not in {"confirmer", "retirer"} or not rules.can_validate(
        request.user, request.territory, holder.initiative
    ):
        raise Http404
    if decision == "confirmer":
        services.confirm_holder(holder)
        messages.success(request, _("%(name)s can now update the entry.") % {"name": holder.user})
    else:
        services.remove_holder(holder)
        messages.success(request, _("%(name)s no longer holds the entry.") % {"name": holder.user})
    return redirect("directory:queue")


def _communes_filter(request: HttpRequest) -> Q:
    ids = rules.validated_commune_ids(request.user, request.territory)
    return Q() if ids is None else Q(commune__in=ids)


@check_request(rules.can_manage_directory)
def queue(request: HttpRequest) -> HttpResponse:
    """What waits for the referent: proposals, corrections and claims of their communes."""
    where = _communes_filter(request)
    initiatives = Initiative.objects.in_territory(request.territory)
    proposals = (
        initiatives.filter(where, publication=Publication.PROPOSED)
        .select_related("commune", "neighbourhood", "proposed_by", "duplicate_of")
        .prefetch_related("holder_links")
        .order_by("created_at")[:100]
    )
    corrections = (
        Correction.objects.in_territory(request.territory)
        .filter(state=CorrectionState.PENDING, initiative__in=initiatives.filter(where))
        .select_related("initiative", "proposed_by")[:100]
    )
    claims = (
        Holder.objects.in_territory(request.territory)
        .filter(confirmed=False, initiative__in=initiatives.filter(where, publication=Publication.PUBLISHED))
        .select_related("initiative", "user")[:100]
    )
    context = {"proposals": proposals, "corrections": corrections, "claims": claims}
    return render(request, "directory/queue.html", context)


@check_request(rules.can_manage_directory)
def stale(request: HttpRequest) -> HttpResponse:
    entries = (
        Initiative.objects.in_territory(request.territory)
        .stale()
        .filter(_communes_filter(request))
        .select_related("commune", "neighbourhood")
        .annotate(holder_count=Count("holder_links", filter=Q(holder_links__confirmed=True)))
        .order_by("last_checked_on", "name")
    )
    if request.method == "POST":
        sent, _asked = services.remind_stale_holders(
            request.territory,
            commune_ids=rules.validated_commune_ids(request.user, request.territory),
        )
        messages.success(request, _("%(n)s email(s) sent to the holders.") % {"n": sent})
        return redirect("directory:stale")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "directory/stale.html", {"page": page})


def correction(request: HttpRequest, public_id) -> HttpResponse:
    item = get_scoped_or_404(
        request, Correction.objects.select_related("initiative", "proposed_by"), public_id=public_id
    )
    initiative = item.initiative
    if not rules.can_validate(request.user, request.territory, initiative):
        raise Http404
    form = InitiativeForm(
        _correction_data(item, request.territory), instance=initiative, territory=request.territory
    )
    if request.method == "POST" and item.state == CorrectionState.PENDING:
        if request.POST.get("decision") == "dismiss":
            services.dismiss_correction(item)
            messages.success(request, _("The correction has been dismissed."))
            return redirect("directory:queue")
        if form.is_valid():
            services.apply_correction(item, form)
            messages.success(request, _("The correction has been applied."))
            return redirect("directory:queue")
    changes = [
        (
            form.fields[name].label,
            _shown(form, name, form[name].initial),
            _shown(form, name, item.data.get(name)),
        )
        for name in item.changed_fields
        if name in form.fields
    ]
    return render(request, "directory/correction.html", {"item": item, "form": form, "changes": changes})


def _correction_data(item: Correction, territory) -> QueryDict:
    """The entry as it is now, with only the fields the correction changed replaced."""
    current = InitiativeForm(instance=item.initiative, territory=territory)
    data = QueryDict(mutable=True)
    for name, field in current.fields.items():
        value = current[name].value()
        if isinstance(value, list | tuple):
            data.setlist(name, [str(getattr(v, "pk", v)) for v in value])
        elif isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    for name in item.changed_fields:
        if name in current.fields:
            data.setlist(name, item.data.get(name, []))
    return data


def _shown(form, name: str, value) -> str:
    """A field's value as a person reads it (names rather than keys)."""
    field = form.fields[name]
    values = value if isinstance(value, list | tuple) else [value]
    values = [getattr(v, "pk", v) for v in values if v not in (None, "")]
    if isinstance(field, forms.ModelChoiceField):
        return ", ".join(str(o) for o in field.queryset.filter(pk__in=values))
    if isinstance(field, forms.BooleanField):
        return _("yes") if values and str(values[0]).lower() in {"on", "true", "1"} else _("no")
    if isinstance(field, forms.ChoiceField):
        labels = dict(field.choices)
        return ", ".join(str(labels.get(v, v)) for v in values)
    return ", ".join(str(v) for v in values)


def service_edit(request: HttpRequest, slug: str, public_id=None) -> HttpResponse:
    initiative = _editable(request, slug)
    service = None
    if public_id is not None:
        service = get_scoped_or_404(
            request, Service.objects.filter(initiative=initiative), public_id=public_id
        )
    form = ServiceForm(posted(request), instance=service, territory=request.territory)
    if request.method == "POST":
        if service is not None and request.POST.get("delete"):
            service.delete()
            messages.success(request, _("The service has been removed."))
            return redirect(initiative)
        if form.is_valid():
            item = form.save(commit=False)
            item.initiative = initiative
            item.save()
            form.save_m2m()
            messages.success(request, _("The service has been saved."))
            return redirect(initiative)
    return render(
        request, "directory/service_form.html", {"form": form, "initiative": initiative, "service": service}
    )


@check_request(rules.can_manage_directory)
def import_file(request: HttpRequest) -> HttpResponse:
    """The import runs in the request (10,000 rows take seconds): the page polls its progress meanwhile."""
    form = ImportForm(posted(request), request.FILES or None, initial={"progress": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = imports.import_file(
            territory=request.territory,
            user=request.user,
            filename=upload.name,
            raw=upload.read(),
            commune_ids=rules.validated_commune_ids(request.user, request.territory),
            progress=form.cleaned_data["progress"],
        )
        return redirect("directory:import_report", public_id=batch.public_id)
    batches = ImportBatch.objects.in_territory(request.territory)[:20]
    return render(request, "directory/import.html", {"form": form, "batches": batches})


@check_request(rules.can_manage_directory)
def import_progress(request: HttpRequest, key) -> JsonResponse:
    """How far the running import of this page is (the key is the form's own, unguessable)."""
    return JsonResponse(imports.get_progress(key) or {"done": 0, "total": 0, "phase": "waiting"})


@check_request(rules.can_manage_directory)
def import_report(request: HttpRequest, public_id) -> HttpResponse:
    batch = get_scoped_or_404(request, ImportBatch.objects.all(), public_id=public_id)
    if request.method == "POST" and batch.undone_at is None:
        count = imports.undo(batch)
        messages.success(request, _("Import undone: %(n)s entries removed.") % {"n": count})
        return redirect("directory:import_report", public_id=batch.public_id)
    counts = {
        "created": 0,
        "updated": 0,
        "proposed": 0,
        "unchanged": 0,
        "duplicate": 0,
        "error": 0,
        "outside": 0,
    }
    if batch.counts:
        counts.update(batch.counts)
    else:  # imports made before the counts were stored
        for row in batch.report:
            counts[row["outcome"]] = counts.get(row["outcome"], 0) + 1
    # Rows added without a remark are counted, not listed: a national file has thousands.
    rows = [row for row in batch.report if row["messages"] or row["outcome"] == "error"]
    return render(request, "directory/import_report.html", {"batch": batch, "counts": counts, "rows": rows})


# Open data ------------------------------------------------------------------------------------


def _download(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
def export_structures(request: HttpRequest) -> HttpResponse:
    data = exports.structures(request, request.territory)
    return _download(
        JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False}), "structures.json"
    )


@login_not_required
def export_services(request: HttpRequest) -> HttpResponse:
    data = exports.services(request, request.territory)
    return _download(
        JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False}), "services.json"
    )


@login_not_required
def export_geojson(request: HttpRequest) -> HttpResponse:
    _form, queryset = _filtered(request)
    data = exports.geojson(request, queryset)
    response = JsonResponse(
        data, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False}
    )
    return _download(response, "initiatives.geojson")


@login_not_required
def export_csv(request: HttpRequest) -> HttpResponse:
    initiatives = exports.published(request.territory).iterator(chunk_size=500)
    response = csv.csv_response(
        "initiatives.csv", exports.CSV_COLUMNS, exports.csv_rows(initiatives, request), stream=True
    )
    return _download(response, "initiatives.csv")


@login_not_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The same rows as the CSV, in an xlsx file (phones as text: what spreadsheets open without a dialog)."""
    from entraide.core.xlsx import xlsx_response

    initiatives = exports.published(request.territory).iterator(chunk_size=500)
    response = xlsx_response(
        "initiatives.xlsx",
        exports.CSV_COLUMNS,
        exports.csv_rows(initiatives, request),
        title=_("Initiatives"),
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
def directory_pdf(request: HttpRequest) -> HttpResponse:
    from .pdf import directory_pdf as build

    communes = Commune.objects.in_territory(request.territory)
    commune = communes.filter(insee_code=request.GET.get("commune", "")).first()
    initiatives = Initiative.objects.in_territory(request.territory).published().for_listing()
    initiatives = initiatives.prefetch_related("services").order_by("commune__name", "name")
    if commune is not None:
        initiatives = initiatives.filter(commune=commune)
    return build(request, commune, list(initiatives), timezone.localdate())
