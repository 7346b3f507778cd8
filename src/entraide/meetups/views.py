import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from entraide.core import calendars
from entraide.core.cache import cached_for_anonymous
from entraide.core.csv import csv_response
from entraide.core.dates import day_from_query, month_from_query
from entraide.core.forms import posted, say_unplaced
from entraide.core.permissions import check_request
from entraide.people import rules as people_rules
from entraide.people.models import User
from entraide.territories.models import Commune
from entraide.territories.scoping import get_scoped_or_404

from . import feeds, paper, rules, services
from .defaults import ensure_default_kinds
from .enums import ACTIVE_REGISTRATIONS, MeetupStatus, RegistrationStatus
from .forms import (
    CancelDateForm,
    CloseForm,
    DeskRegisterForm,
    FilterForm,
    MeetupForm,
    RegisterForm,
    TrustForm,
)
from .models import Meetup, MeetupKind, Occurrence, Registration, TrustedOrganiser

PAGE_SIZE = 50
MONTH_LIMIT = 400
EMBED_SIZE = 30
FEED_PURPOSE = "meetups"


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _meetup(request: HttpRequest, slug: str) -> Meetup:
    meetup = get_scoped_or_404(
        request,
        Meetup.objects.select_related(
            "kind", "commune", "place", "room", "organiser_initiative", "territory"
        ),
        slug=slug,
    )
    if not rules.can_see(request.user, request.territory, meetup):
        raise Http404
    return meetup


def _occurrence(request: HttpRequest, public_id) -> Occurrence:
    occurrence = get_scoped_or_404(
        request,
        Occurrence.objects.select_related(
            "meetup__kind", "meetup__commune", "meetup__place", "meetup__room", "meetup__territory"
        ),
        public_id=public_id,
    )
    if not rules.can_see(request.user, request.territory, occurrence.meetup):
        raise Http404
    return occurrence


def _managed_occurrence(request: HttpRequest, public_id) -> Occurrence:
    occurrence = _occurrence(request, public_id)
    if not rules.can_manage(request.user, request.territory, occurrence.meetup):
        raise PermissionDenied
    return occurrence


def _local_day(occurrence: Occurrence) -> datetime.date:
    return timezone.localtime(occurrence.starts_at).date()


def _public_occurrences(request: HttpRequest):
    return Occurrence.objects.in_territory(request.territory).public().for_cards()


# Finding -----------------------------------------------------------------------------------


@login_not_required
@cached_for_anonymous
def meetup_list(request: HttpRequest) -> HttpResponse:
    """What comes next, one week at a time, with filters; works without JavaScript."""
    today = timezone.localdate()
    chosen = day_from_query(request.GET.get("semaine")) or today
    monday = chosen - datetime.timedelta(days=chosen.weekday())
    start = max(monday, today) if monday <= today else monday
    zone = calendars.local_zone()
    after = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    before = datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time.min, tzinfo=zone)
    if start == today:
        after = max(after, timezone.now() - datetime.timedelta(hours=2))
    form = FilterForm(request.GET or None, territory=request.territory)
    occurrences = form.apply(_public_occurrences(request)).filter(starts_at__gte=after, starts_at__lt=before)
    page = Paginator(occurrences.order_by("starts_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    filters = form.query()
    context = {
        "form": form,
        "page": page,
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "previous_week": (monday - datetime.timedelta(days=7)).isoformat() if monday > today else "",
        "next_week": (monday + datetime.timedelta(days=7)).isoformat(),
        "filters": filters,
        "can_propose": rules.can_propose(request.user, request.territory),
    }
    return render(request, "meetups/list.html", context)


@login_not_required
def month(request: HttpRequest) -> HttpResponse:
    """A month as a calendar table, each day listing its meetups."""
    today = timezone.localdate()
    first = month_from_query(request.GET.get("mois")) or today.replace(day=1)
    next_first = (first + datetime.timedelta(days=32)).replace(day=1)
    previous_first = (first - datetime.timedelta(days=1)).replace(day=1)
    zone = calendars.local_zone()
    form = FilterForm(request.GET or None, territory=request.territory)
    occurrences = list(
        form.apply(_public_occurrences(request))
        .filter(
            starts_at__gte=datetime.datetime.combine(first, datetime.time.min, tzinfo=zone),
            starts_at__lt=datetime.datetime.combine(next_first, datetime.time.min, tzinfo=zone),
        )
        .order_by("starts_at", "pk")[:MONTH_LIMIT]
    )
    by_day: dict[datetime.date, list[Occurrence]] = {}
    for occurrence in occurrences:
        by_day.setdefault(timezone.localtime(occurrence.starts_at).date(), []).append(occurrence)
    grid_start = first - datetime.timedelta(days=first.weekday())
    weeks = []
    day = grid_start
    while day < next_first:
        weeks.append(
            [
                {
                    "date": day + datetime.timedelta(days=i),
                    "in_month": (day + datetime.timedelta(days=i)).month == first.month,
                    "occurrences": by_day.get(day + datetime.timedelta(days=i), []),
                }
                for i in range(7)
            ]
        )
        day += datetime.timedelta(days=7)
    context = {
        "form": form,
        "first": first,
        "weeks": weeks,
        "weekdays": [datetime.date(2024, 1, 1) + datetime.timedelta(days=i) for i in range(7)],
        "previous_month": previous_first.strftime("%Y-%m"),
        "next_month": next_first.strftime("%Y-%m"),
        "filters": form.query(),
        "truncated": len(occurrences) == MONTH_LIMIT,
    }
    return render(request, "meetups/month.html", context)


def _json_ld(request: HttpRequest, meetup: Meetup, occurrence: Occurrence | None) -> str:
    moment = occurrence or meetup
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meetup.title,
        "description": meetup.description,
        "startDate": timezone.localtime(moment.starts_at).isoformat(),
        "endDate": timezone.localtime(moment.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if occurrence is not None and occurrence.cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "url": request.build_absolute_uri(meetup.get_absolute_url()),
        "location": {
            "@type": "Place",
            "name": meetup.room.name
            if meetup.room_id
            else (meetup.place.name if meetup.place_id else meetup.location),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": meetup.address
                or (meetup.room.address if meetup.room_id else "")
                or (meetup.place.address if meetup.place_id else ""),
                "addressLocality": meetup.commune.name,
                "addressCountry": "FR",
            },
        },
    }
    if meetup.organiser_initiative_id:
        data["organizer"] = {
            "@type": "Organization",
            "name": meetup.organiser_initiative.name,
            "url": request.build_absolute_uri(
                reverse("directory:detail", kwargs={"slug": meetup.organiser_initiative.slug})
            ),
        }
    if meetup.registration_required and meetup.capacity:
        data["maximumAttendeeCapacity"] = meetup.capacity
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


NEXT_DATES = 8


@login_not_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail_page(request, _meetup(request, slug), day_from_query(request.GET.get("date")))


def _detail_page(
    request: HttpRequest,
    meetup: Meetup,
    chosen_day: datetime.date | None = None,
    *,
    register_form: RegisterForm | None = None,
    cancel_form: CancelDateForm | None = None,
) -> HttpResponse:
    """A meetup's page; after a refused registration or cancellation, with that form bound and its
    errors tied to its field (RGAA 11.10), answered 400 like every form sent back."""
    user, territory = request.user, request.territory
    now = timezone.now()
    coming = list(
        Occurrence.objects.filter(meetup=meetup, ends_at__gte=now).order_by("starts_at")[:NEXT_DATES]
    )
    chosen = None
    if chosen_day is not None:
        chosen = next((o for o in coming if _local_day(o) == chosen_day), None)
        if chosen is None:  # a past or far date: read that day's only
            zone = calendars.local_zone()
            day_start = datetime.datetime.combine(chosen_day, datetime.time.min, tzinfo=zone)
            chosen = (
                Occurrence.objects.filter(meetup=meetup, starts_at__gte=day_start)
                .filter(starts_at__lt=day_start + datetime.timedelta(days=1))
                .order_by("starts_at")
                .first()
            )
    shown = chosen or next((o for o in coming if not o.cancelled), None)
    mine = {}
    if user.is_authenticated:
        ids = [o.pk for o in coming] + ([chosen.pk] if chosen else [])
        mine = {
            r.occurrence_id: r
            for r in Registration.objects.filter(person=user, occurrence_id__in=ids).exclude(
                status=RegistrationStatus.CANCELLED
            )
        }
    can_manage = rules.can_manage(user, territory, meetup)
    past = []
    if can_manage:
        past = list(
            Occurrence.objects.filter(meetup=meetup, starts_at__lt=now, cancelled=False).order_by(
                "-starts_at"
            )[:6]
        )
    my_registration = mine.get(shown.pk) if shown else None
    can_register = rules.can_register(user, territory, meetup)
    failed = register_form or cancel_form
    if register_form is not None and _register_form_shown(meetup, shown, my_registration, can_register):
        register_form.placed = True  # otherwise (registered meanwhile, date cancelled): said at the top
    if cancel_form is not None and can_manage and meetup.rrule:
        cancel_form.placed = True
    say_unplaced(request, failed)
    context = {
        "meetup": meetup,
        "organisers": list(meetup.organisers.all()),
        "coming": coming,
        "shown": shown,
        "chosen": chosen,
        "mine": mine,
        "my_registration": my_registration,
        "register_form": register_form or RegisterForm(meetup=meetup),
        "can_register": can_register,
        "can_register_for_someone": rules.can_register_for_someone(user, territory, meetup),
        "can_manage": can_manage,
        "can_publish": rules.can_publish(user, territory, meetup),
        "past": past,
        "cancel_form": cancel_form or CancelDateForm(),
        "json_ld": _json_ld(request, meetup, shown) if meetup.is_published else "",
    }
    return render(request, "meetups/detail.html", context)


def _register_form_shown(meetup: Meetup, shown, my_registration, can_register: bool) -> bool:
    """Whether the page shows the registration form (the template's conditions)."""
    return bool(
        meetup.registration_required
        and shown
        and not shown.cancelled
        and my_registration is None
        and can_register
    )


# Announcing --------------------------------------------------------------------------------


@check_request(rules.can_propose)
def create(request: HttpRequest) -> HttpResponse:
    ensure_default_kinds(request.territory)
    form = MeetupForm(posted(request), territory=request.territory)
    if request.method == "POST" and form.is_valid():
        try:
            meetup = services.announce(form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, error if hasattr(error, "error_dict") else _error_text(error))
        else:
            if meetup.is_published:
                messages.success(request, _("Your meetup is published."))
            else:
                messages.success(
                    request, _("Thank you! A referent will publish your meetup soon; you will find it here.")
                )
            return redirect(meetup)
    return render(request, "meetups/form.html", {"form": form})


def edit(request: HttpRequest, slug: str) -> HttpResponse:
    meetup = _meetup(request, slug)
    if not rules.can_manage(request.user, request.territory, meetup):
        raise PermissionDenied
    form = MeetupForm(posted(request), instance=meetup, territory=request.territory)
    if request.method == "POST" and form.is_valid():
        try:
            services.update(form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error if hasattr(error, "error_dict") else _error_text(error))
        else:
            messages.success(request, _("The meetup is updated."))
            return redirect(meetup)
    return render(request, "meetups/form.html", {"form": form, "meetup": meetup})


@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    meetup = _meetup(request, slug)
    if not rules.can_publish(request.user, request.territory, meetup):
        raise PermissionDenied
    services.publish(meetup, by=request.user)
    messages.success(request, _("The meetup is published."))
    return redirect(meetup)


@require_POST
def cancel_date(request: HttpRequest, slug: str) -> HttpResponse:
    meetup = _meetup(request, slug)
    if not rules.can_manage(request.user, request.territory, meetup):
        raise PermissionDenied
    form = CancelDateForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_date(meetup, form.cleaned_data["date"], by=request.user)
        except ValidationError as error:
            # Not a date of the meetup, or passed: said on the date field itself.
            form.add_error("date", _error_text(error))
        else:
            messages.success(request, _("This date is cancelled; the people registered are told."))
            return redirect(meetup)
    return _detail_page(request, meetup, cancel_form=form)


# Registering -------------------------------------------------------------------------------


@require_POST
def register(request: HttpRequest, public_id) -> HttpResponse:
    occurrence = _occurrence(request, public_id)
    meetup = occurrence.meetup
    if not rules.can_register(request.user, request.territory, meetup):
        raise PermissionDenied
    form = RegisterForm(request.POST, meetup=meetup)
    if not form.is_valid():
        return _detail_page(request, meetup, _local_day(occurrence), register_form=form)
    try:
        registration = services.register(occurrence, request.user, guests=form.cleaned_data["guests"])
    except ValidationError as error:
        # Already registered, the date started or cancelled meanwhile: said on the form sent.
        form.add_error(None, _error_text(error))
        return _detail_page(request, meetup, _local_day(occurrence), register_form=form)
    messages.success(
        request,
        {
            RegistrationStatus.CONFIRMED: _("You are registered. A reminder will come the day before."),
            RegistrationStatus.WAITING: _(
                "The meetup is full: you are on the waiting list, and will be told if a place frees up."
            ),
            RegistrationStatus.PENDING: _("Your registration is sent: the organisers will confirm it."),
        }[registration.status],
    )
    return redirect(occurrence)


def _own_registration(request: HttpRequest, public_id) -> Registration:
    registration = get_scoped_or_404(
        request, Registration.objects.select_related("occurrence__meetup", "person"), public_id=public_id
    )
    if registration.person_id != request.user.pk and not (
        rules.can_manage(request.user, request.territory, registration.occurrence.meetup)
        or people_rules.can_act_for(request.user, request.territory, registration.person)
    ):
        raise Http404
    return registration


@require_POST
def cancel_registration(request: HttpRequest, public_id) -> HttpResponse:
    registration = _own_registration(request, public_id)
    try:
        services.cancel_registration(registration, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/rencontres/")
        else registration.occurrence
    )


@login_not_required
def cancel_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """One click from the email: a page with one button (a link alone would be followed by mail scanners)."""
    registration = services.registration_for_token(token, request.territory)
    if registration is None:
        raise Http404
    done = registration.status not in ACTIVE_REGISTRATIONS
    if request.method == "POST" and not done:
        try:
            services.cancel_registration(registration)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            done = True
            messages.success(request, _("The registration is cancelled. Thank you for freeing the place."))
    return render(
        request,
        "meetups/cancel.html",
        {"registration": registration, "when": services.when(registration.occurrence), "done": done},
    )


@require_POST
def decide(request: HttpRequest, public_id) -> HttpResponse:
    registration = get_scoped_or_404(
        request, Registration.objects.select_related("occurrence__meetup"), public_id=public_id
    )
    occurrence = registration.occurrence
    if not rules.can_manage(request.user, request.territory, occurrence.meetup):
        raise PermissionDenied
    decision = request.POST.get("decision")
    if decision not in ("accept", "refuse"):
        # Only the page's two buttons send one: anything else must not refuse someone by default.
        raise BadRequest
    try:
        services.decide(registration, accept=decision == "accept")
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("meetups:attendees", public_id=occurrence.public_id)


def _attendees(occurrence: Occurrence):
    return (
        Registration.objects.filter(occurrence=occurrence, status__in=ACTIVE_REGISTRATIONS)
        .select_related("person", "entered_by")
        .order_by("created_at", "pk")
    )


def _assisted_people(request: HttpRequest):
    communes = people_rules.communes_looked_after(request.user, request.territory)
    return User.objects.in_territory(request.territory).filter(
        is_assisted=True, is_active=True, commune__in=communes
    )


def attendees(request: HttpRequest, public_id) -> HttpResponse:
    occurrence = _occurrence(request, public_id)
    meetup = occurrence.meetup
    may_manage = rules.can_manage(request.user, request.territory, meetup)
    may_register_someone = rules.can_register_for_someone(request.user, request.territory, meetup)
    if not (may_manage or may_register_someone):
        raise PermissionDenied
    desk_form = None
    if may_register_someone:
        desk_form = DeskRegisterForm(posted(request), meetup=meetup, people=_assisted_people(request))
        if request.method == "POST" and desk_form.is_valid():
            person = desk_form.cleaned_data["person"]
            if not people_rules.can_act_for(request.user, request.territory, person):
                raise PermissionDenied
            try:
                services.register(
                    occurrence, person, guests=desk_form.cleaned_data["guests"], entered_by=request.user
                )
            except ValidationError as error:
                desk_form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("%(name)s is registered.") % {"name": person.display_name})
                return redirect("meetups:attendees", public_id=occurrence.public_id)
    registrations = list(_attendees(occurrence)) if may_manage else []
    context = {
        "occurrence": occurrence,
        "meetup": meetup,
        "when": services.when(occurrence),
        "registrations": registrations,
        "may_manage": may_manage,
        "desk_form": desk_form,
        "close_form": CloseForm(
            initial={
                "present": occurrence.present_count,
                "first_timers": occurrence.first_timers,
                "report": occurrence.report,
            }
        ),
        "can_close": may_manage and not occurrence.cancelled and occurrence.starts_at <= timezone.now(),
    }
    return render(request, "meetups/attendees.html", context)


def attendees_csv(request: HttpRequest, public_id) -> HttpResponse:
    occurrence = _managed_occurrence(request, public_id)
    rows = (
        (
            r.person.display_name,
            r.guests,
            r.get_status_display(),
            r.person.phone,
            r.person.email or "",
            r.entered_by.display_name if r.entered_by else "",
        )
        for r in _attendees(occurrence)
    )
    header = [_("Name"), _("Guests"), _("Status"), _("Phone"), _("Email"), _("Registered by")]
    day = timezone.localtime(occurrence.starts_at).date().isoformat()
    return csv_response(f"{occurrence.meetup.slug}-{day}.csv", header, rows)


def signin_sheet(request: HttpRequest, public_id) -> HttpResponse:
    occurrence = _managed_occurrence(request, public_id)
    return paper.signin_sheet(request, occurrence, list(_attendees(occurrence)))


def close(request: HttpRequest, public_id) -> HttpResponse:
    occurrence = _managed_occurrence(request, public_id)
    form = CloseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.close(
                occurrence,
                by=request.user,
                present=form.cleaned_data["present"],
                first_timers=form.cleaned_data["first_timers"],
                report=form.cleaned_data["report"],
            )
        except ValidationError as error:
            form.add_error(None, error if hasattr(error, "error_dict") else _error_text(error))
        else:
            messages.success(
                request, _("Thank you: the meetup is closed and its figures count in the diagnosis.")
            )
            return redirect("meetups:attendees", public_id=occurrence.public_id)
    return render(
        request,
        "meetups/close.html",
        {
            "occurrence": occurrence,
            "meetup": occurrence.meetup,
            "form": form,
            "when": services.when(occurrence),
        },
    )


# My meetups and calendars ------------------------------------------------------------------


def mine(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    registrations = (
        Registration.objects.in_territory(request.territory)
        .filter(person=request.user, status__in=ACTIVE_REGISTRATIONS, occurrence__ends_at__gte=now)
        .select_related(
            "occurrence__meetup__commune", "occurrence__meetup__place", "occurrence__meetup__room"
        )
        .order_by("occurrence__starts_at")[:50]
    )
    organised = (
        Meetup.objects.in_territory(request.territory)
        .filter(organisers=request.user)
        .exclude(status=MeetupStatus.CANCELLED)
        .select_related("commune")[:50]
    )
    token = calendars.feed_token(request.user, FEED_PURPOSE)
    context = {
        "registrations": registrations,
        "organised": organised,
        "feed_url": request.build_absolute_uri(reverse("meetups:private_feed", kwargs={"token": token})),
    }
    return render(request, "meetups/mine.html", context)


revoke_feed = calendars.revoke_feed_view(FEED_PURPOSE, "meetups:mine")


@login_not_required
@cached_for_anonymous
def territory_feed(request: HttpRequest) -> HttpResponse:
    """The territory's calendar; `?type=<kind>` and/or `?commune=<INSEE code>` for a part of it."""
    kind = commune = None
    if request.GET.get("type"):
        kind = (
            MeetupKind.objects.in_territory(request.territory).filter(slug=request.GET["type"][:40]).first()
        )
        if kind is None:
            raise Http404
    if request.GET.get("commune"):
        commune = (
            Commune.objects.in_territory(request.territory)
            .filter(insee_code=request.GET["commune"][:10])
            .first()
        )
        if commune is None:
            raise Http404
    return feeds.territory_feed(request, kind, commune)


@login_not_required
@cached_for_anonymous
def meetup_feed(request: HttpRequest, slug: str) -> HttpResponse:
    meetup = _meetup(request, slug)
    if not meetup.is_published:
        raise Http404
    return feeds.meetup_feed(request, meetup)


@login_not_required
def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    person = calendars.person_for_feed_token(token, FEED_PURPOSE, request.territory)
    if person is None:
        raise Http404
    return feeds.personal_feed(request, person)


# Paper -------------------------------------------------------------------------------------


@login_not_required
def flyer(request: HttpRequest, slug: str) -> HttpResponse:
    meetup = _meetup(request, slug)
    size = "A5" if request.GET.get("format") == "A5" else "A4"
    return paper.flyer(request, meetup, size)


@login_not_required
def programme(request: HttpRequest) -> HttpResponse:
    return paper.programme(request)


# Embed -------------------------------------------------------------------------------------


@login_not_required
@xframe_options_exempt
def embed(request: HttpRequest) -> HttpResponse:
    """The next meetups, bare, for an association's or a commune's website (in an <iframe>):
    `?initiative=<slug>` for one association's, `?commune=` and `?type=` like the list."""
    form = FilterForm(request.GET or None, territory=request.territory)
    occurrences = form.apply(_public_occurrences(request)).filter(
        starts_at__gte=timezone.now(), cancelled=False
    )
    if request.GET.get("initiative"):
        slug = request.GET["initiative"][:80]
        occurrences = occurrences.filter(
            Q(meetup__organiser_initiative__slug=slug) | Q(meetup__place__slug=slug)
        )
    return render(
        request, "meetups/embed.html", {"occurrences": occurrences.order_by("starts_at", "pk")[:EMBED_SIZE]}
    )


# The referent's desk -------------------------------------------------------------------------


@check_request(people_rules.is_referent)
def desk(request: HttpRequest) -> HttpResponse:
    return _desk_page(request)


def _desk_page(request: HttpRequest, trust_form: TrustForm | None = None) -> HttpResponse:
    """The referent's desk; after a refused trust, with the email sent back, its error on its field."""
    communes = people_rules.communes_looked_after(request.user, request.territory)
    proposals = (
        Meetup.objects.in_territory(request.territory)
        .filter(status=MeetupStatus.PROPOSED, commune__in=communes)
        .select_related("kind", "commune", "proposed_by")
        .order_by("created_at")[:50]
    )
    to_close = (
        Occurrence.objects.in_territory(request.territory)
        .public()
        .filter(
            closed_at__isnull=True,
            cancelled=False,
            starts_at__lt=timezone.now(),
            meetup__commune__in=communes,
        )
        .select_related("meetup")
        .order_by("-starts_at")[:50]
    )
    trusted = TrustedOrganiser.objects.in_territory(request.territory).select_related("person")
    context = {
        "proposals": proposals,
        "to_close": to_close,
        "trusted": trusted,
        "trust_form": trust_form or TrustForm(territory=request.territory),
    }
    return render(request, "meetups/desk.html", context)


@check_request(rules.can_trust)
@require_POST
def trust(request: HttpRequest) -> HttpResponse:
    if request.POST.get("remove"):
        TrustedOrganiser.objects.in_territory(request.territory).filter(
            person__public_id=request.POST["remove"]
        ).delete()
        messages.success(request, _("This person's meetups will again wait for publication."))
        return redirect("meetups:desk")
    form = TrustForm(request.POST, territory=request.territory)
    if not form.is_valid():
        return _desk_page(request, trust_form=form)
    person = form.cleaned_data["email"]
    TrustedOrganiser.objects.get_or_create(
        territory=request.territory, person=person, defaults={"granted_by": request.user}
    )
    messages.success(request, _("%(name)s may now publish meetups directly.") % {"name": person.display_name})
    return redirect("meetups:desk")
