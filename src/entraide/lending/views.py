import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Min, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from entraide.core import calendars
from entraide.core.forms import posted, row_form, say_unplaced
from entraide.core.permissions import check_request
from entraide.people import rules as people_rules
from entraide.people.models import User
from entraide.territories.scoping import get_scoped_or_404

from . import feeds, rules, services
from .enums import BLOCKING, OPEN, BookingStatus, OwnerKind, SupportStatus
from .forms import (
    BookingForm,
    CheckForm,
    DeskBookingForm,
    FilterForm,
    ItemForm,
    RefuseForm,
    SupportForm,
    WaitingForm,
)
from .models import Booking, Item, SupportRequest

PAGE_SIZE = 30
BUSY_DAYS = 60
BUSY_ROWS = 60
MOST_ASKED = 5
SERIES_DATES = 60  # the dates listed per series at the desk (the count says them all)
SERIES_ROWS = 600  # the series' dates read for the desk, at most (one query)
FEED_PURPOSE = "lending"


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _item(request: HttpRequest, slug: str) -> Item:
    item = get_scoped_or_404(
        request,
        Item.objects.select_related("commune", "neighbourhood", "initiative", "territory"),
        slug=slug,
    )
    if not rules.can_see_item(request.user, request.territory, item):
        raise Http404
    return item


def _booking(request: HttpRequest, public_id) -> Booking:
    booking = get_scoped_or_404(
        request,
        Booking.objects.select_related(
            "item__commune",
            "item__neighbourhood",
            "item__territory",
            "item__owner_person",
            "borrower",
            "initiative",
        ),
        public_id=public_id,
    )
    if not rules.can_see_booking(request.user, request.territory, booking):
        raise Http404
    return booking


# The catalogue ----------------------------------------------------------------------------


@login_not_required
def catalogue(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None, territory=request.territory, user=request.user)
    items = (
        Item.objects.in_territory(request.territory)
        .active()
        .visible_to(request.user)
        .select_related("commune", "neighbourhood", "initiative")
        .defer("photo")
        .order_by("name", "pk")
    )
    page = Paginator(form.apply(items), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filters": query.urlencode(),
        "can_add": rules.can_add_item(request.user, request.territory),
        "is_desk": rules.can_use_desk(request.user, request.territory),
    }
    return render(request, "lending/catalogue.html", context)


def _busy(item: Item) -> list[dict]:
    """The item's held times of the coming weeks, without names: one query, bounded."""
    now = timezone.now()
    rows = (
        Booking.objects.filter(item=item, status__in=BLOCKING)
        .filter(blocked_until__gt=now, starts_at__lt=now + datetime.timedelta(days=BUSY_DAYS))
        .order_by("starts_at")
        .values_list("starts_at", "ends_at")[:BUSY_ROWS]
    )
    return [{"span": services.span(start, end)} for start, end in rows]


@login_not_required
def item_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _item_page(request, _item(request, slug))


def _item_page(request: HttpRequest, item: Item, wait_form: WaitingForm | None = None) -> HttpResponse:
    """An item's page; after a refused waiting list request, with that form sent back, its error
    said on it (RGAA 11.10), answered 400 like every form sent back."""
    user, territory = request.user, request.territory
    form = support_form = None
    proposal = refused = None
    failed_wait = wait_form
    if rules.can_borrow(user, territory, item):
        form = BookingForm(posted(request) if wait_form is None else None, item=item, by=user)
        if wait_form is not None:
            wait_form.placed = True
        if request.method == "POST" and wait_form is None and form.is_valid():
            data = form.cleaned_data
            try:
                booking = services.request_booking(
                    item,
                    user,
                    data["start"],
                    data["end"],
                    purpose=data.get("purpose", ""),
                    initiative=data.get("initiative"),
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                if booking.status != BookingStatus.REFUSED:
                    return redirect(booking.get_absolute_url())
                refused = booking
                slot = {"start": data["start"], "end": data["end"]}
                wait_form = WaitingForm(initial=slot, auto_id="wait-%s")
                proposal = services.next_free_slot(item, data["start"], data["end"])
                form.add_error(
                    None,
                    _("The item is already lent at that time (%(span)s).")
                    % {"span": services.span(data["start"], data["end"])},
                )
    elif rules.can_ask_support(user, territory, item):
        support_form = SupportForm(posted(request), item=item, by=user)
        support_form.action = reverse("lending:support", kwargs={"slug": item.slug})
    say_unplaced(request, failed_wait)
    context = {
        "item": item,
        "opening": services.opening_display(item),
        "busy": _busy(item),
        "form": form,
        "support_form": support_form,
        "refused": refused,
        "wait_form": wait_form,
        "proposal": proposal and {"start": proposal[0], "end": proposal[1], "span": services.span(*proposal)},
        "is_keeper": rules.is_keeper(user, territory, item),
        "can_book_for_someone": rules.can_book_for_someone(user, territory, item),
        "can_withdraw": rules.can_withdraw(user, territory, item),
        "needs_login": not user.is_authenticated,
    }
    return render(request, "lending/item.html", context)


@login_not_required
def photo(request: HttpRequest, slug: str) -> HttpResponse:
    item = _item(request, slug)
    if not item.photo:
        raise Http404
    response = HttpResponse(bytes(item.photo), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600" if item.is_resident_object else "public, max-age=3600"
    return response


@require_POST
def wait(request: HttpRequest, slug: str) -> HttpResponse:
    item = _item(request, slug)
    form = WaitingForm(request.POST, auto_id="wait-%s")
    if not form.is_valid():
        # Only the page's button sends it, with the refused slot: anything else is no one's input.
        raise BadRequest
    try:
        services.join_waiting_list(item, request.user, form.cleaned_data["start"], form.cleaned_data["end"])
    except ValidationError as error:
        # Cannot borrow it, or no longer a slot to wait for: said on the waiting list form itself.
        form.add_error(None, _error_text(error))
        return _item_page(request, item, wait_form=form)
    messages.success(request, _("You are on the waiting list: we will write to you if the slot frees up."))
    return redirect(item.get_absolute_url())


@require_POST
def ask_support(request: HttpRequest, slug: str) -> HttpResponse:
    item = _item(request, slug)
    if not rules.can_ask_support(request.user, request.territory, item):
        raise PermissionDenied
    form = SupportForm(request.POST, item=item, by=request.user)
    if form.is_valid():
        try:
            services.ask_support(form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Your request is sent: the referent will tell you when it is done."))
            return redirect("lending:mine")
    form.action = reverse("lending:support", kwargs={"slug": item.slug})
    context = {
        "item": item,
        "opening": services.opening_display(item),
        "busy": _busy(item),
        "support_form": form,
        "is_keeper": rules.is_keeper(request.user, request.territory, item),
    }
    return render(request, "lending/item.html", context)


def _save_item_form(request: HttpRequest, form: ItemForm, item: Item | None) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        item = services.save_item(
            form.save(commit=False),
            by=request.user,
            photo=form.photo,
            remove_photo=form.cleaned_data.get("remove_photo", False),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
    if form.had_gps:
        messages.info(
            request, _("The photo carried its GPS position: we removed it, with its other metadata.")
        )
    messages.success(request, _("Saved."))
    return redirect(item.get_absolute_url())


@require_POST
def withdraw_item(request: HttpRequest, slug: str) -> HttpResponse:
    item = _item(request, slug)
    try:
        services.withdraw(item, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("Withdrawn from the catalogue: the requests awaiting a decision are refused.")
        )
    return redirect(item.get_absolute_url())


@check_request(rules.can_add_item)
def add_item(request: HttpRequest, desk: bool = False) -> HttpResponse:
    form = ItemForm(posted(request), request.FILES or None, territory=request.territory, by=request.user)
    return _save_item_form(request, form, None) or render(request, "lending/item_form.html", {"form": form})


def edit_item(request: HttpRequest, slug: str) -> HttpResponse:
    item = _item(request, slug)
    if not rules.is_keeper(request.user, request.territory, item):
        raise PermissionDenied
    form = ItemForm(
        posted(request), request.FILES or None, instance=item, territory=request.territory, by=request.user
    )
    return _save_item_form(request, form, item) or render(
        request, "lending/item_form.html", {"form": form, "item": item}
    )


# A booking -------------------------------------------------------------------------------


def booking(request: HttpRequest, public_id) -> HttpResponse:
    return _booking_page(request, _booking(request, public_id))


def _booking_page(
    request: HttpRequest,
    booking: Booking,
    *,
    refuse_form: RefuseForm | None = None,
    check_form: CheckForm | None = None,
) -> HttpResponse:
    """A booking's page; after a refused refusal, hand-over or return, with that form sent back,
    its errors tied to its fields (RGAA 11.10), answered 400 like every form sent back."""
    user, territory = request.user, request.territory
    item = booking.item
    is_keeper = rules.is_keeper(user, territory, item)
    context = {
        "booking": booking,
        "item": item,
        "span": services.span(booking.starts_at, booking.ends_at),
        "is_keeper": is_keeper,
        "is_borrower": user.pk == booking.borrower_id,
        "can_decide": rules.can_decide(user, territory, booking),
        "can_cancel": rules.can_cancel(user, territory, booking),
        "can_check_out": rules.can_check_out(user, territory, booking),
        "can_check_in": rules.can_check_in(user, territory, booking),
        "can_share_contact": rules.can_share_contact(user, territory, booking),
        "refuse_form": refuse_form or RefuseForm(auto_id="refuse-%s"),
        "check_form": check_form or CheckForm(item=item, auto_id="check-%s"),
        "neighbour": item.owner_person if user.pk == booking.borrower_id else booking.borrower,
    }
    failed = refuse_form or check_form
    if refuse_form is not None and context["can_decide"]:
        refuse_form.placed = True  # otherwise (decided meanwhile): said at the top
    if check_form is not None and (context["can_check_out"] or context["can_check_in"]):
        check_form.placed = True
    say_unplaced(request, failed)
    return render(request, "lending/booking.html", context)


@require_POST
def booking_action(request: HttpRequest, public_id, action: str) -> HttpResponse:
    booking = _booking(request, public_id)
    if action in ("refuser", "remettre", "retour"):
        return _booking_form_action(request, booking, action)
    user = request.user
    # The buttons without a field: an error is the booking's state (decided, started meanwhile).
    try:
        if action == "approuver":
            booking = services.approve(booking, by=user)
            if booking.status == BookingStatus.REFUSED:
                messages.warning(
                    request, _("The slot was taken meanwhile: the request is refused for that reason.")
                )
            else:
                messages.success(request, _("Approved: the person is told by email."))
        elif action == "annuler":
            services.cancel(booking, by=user)
            messages.success(request, _("The booking is cancelled."))
        elif action == "partager-contact":
            services.share_contact(booking, by=user)
            messages.success(request, _("Your contact will show once the other person shares theirs too."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(booking.get_absolute_url())


def _booking_form_action(request: HttpRequest, booking: Booking, action: str) -> HttpResponse:
    """Refusing (with its reason), handing over or getting back (with the checklist and the
    condition): bad input, or a refusal by the service, comes back on the booking's page, on the
    form sent."""
    user = request.user
    if action == "refuser":
        form = RefuseForm(request.POST, auto_id="refuse-%s")
        form.fields["reason"].error_messages["required"] = _(
            "Say why the request is refused: the person will read it."
        )
        if form.is_valid():
            try:
                services.refuse(booking, by=user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("Refused: the person is told why."))
                return redirect(booking.get_absolute_url())
        return _booking_page(request, booking, refuse_form=form)
    form = CheckForm(request.POST, item=booking.item, auto_id="check-%s")
    if form.is_valid():
        ticked = form.cleaned_data.get("checks", [])
        note = form.cleaned_data.get("note", "")
        try:
            if action == "remettre":
                services.check_out(booking, by=user, ticked=ticked, note=note)
            else:
                services.check_in(booking, by=user, ticked=ticked, note=note)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            done = _("Handed over.") if action == "remettre" else _("Returned: thank you.")
            messages.success(request, done)
            return redirect(booking.get_absolute_url())
    return _booking_page(request, booking, check_form=form)


# Mine and the feeds -----------------------------------------------------------------------


def mine(request: HttpRequest) -> HttpResponse:
    territory = request.territory
    bookings = (
        Booking.objects.in_territory(territory)
        .filter(borrower=request.user)
        .select_related("item")
        .order_by("-starts_at", "pk")[:50]
    )
    lent = (
        Booking.objects.in_territory(territory)
        .filter(item__owner_person=request.user, status__in=OPEN)
        .select_related("item", "borrower")
        .order_by("starts_at", "pk")[:50]
    )
    objects = (
        Item.objects.in_territory(territory)
        .filter(owner_person=request.user)
        .defer("photo")
        .order_by("name")[:50]
    )
    supports = (
        SupportRequest.objects.in_territory(territory)
        .filter(requester=request.user)
        .select_related("item")
        .order_by("-created_at")[:20]
    )
    token = calendars.feed_token(request.user, FEED_PURPOSE)
    context = {
        "bookings": [(b, services.span(b.starts_at, b.ends_at)) for b in bookings],
        "lent": [(b, services.span(b.starts_at, b.ends_at)) for b in lent],
        "objects": objects,
        "supports": supports,
        "feed_url": request.build_absolute_uri(reverse("lending:private_feed", kwargs={"token": token})),
    }
    return render(request, "lending/mine.html", context)


revoke_feed = calendars.revoke_feed_view(FEED_PURPOSE, "lending:mine")


@login_not_required
def item_feed(request: HttpRequest, slug: str) -> HttpResponse:
    return feeds.item_feed(request, _item(request, slug))


@login_not_required
def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    person = calendars.person_for_feed_token(token, FEED_PURPOSE, request.territory)
    if person is None:
        raise Http404
    return feeds.personal_feed(request, person)


# The referent's desk ----------------------------------------------------------------------


def _series_rows(bookings, failed: RefuseForm | None) -> list[dict]:
    """The requests awaiting a decision that share a series, one row per series (its first date's
    booking, how many dates, the dates listed): one query, bounded whatever the dates."""
    partition = {"partition_by": [F("series")]}
    rows = (
        bookings.filter(status=BookingStatus.REQUESTED, series__isnull=False)
        .annotate(
            series_dates=Window(Count("pk"), **partition),
            series_first=Window(Min("starts_at"), **partition),
            series_rank=Window(RowNumber(), order_by=[F("starts_at").asc(), F("pk").asc()], **partition),
        )
        .filter(series_rank__lte=SERIES_DATES)
        .order_by("series_first", "series", "starts_at", "pk")[:SERIES_ROWS]
    )
    groups: dict[uuid.UUID, dict] = {}
    for booking in rows:
        group = groups.get(booking.series)
        if group is None:
            group = groups[booking.series] = {
                "booking": booking,
                "count": booking.series_dates,
                "dates": [],
                "refuse_form": row_form(RefuseForm, booking.series, failed=failed),
            }
        group["dates"].append((booking, services.span(booking.starts_at, booking.ends_at)))
    for group in groups.values():
        group["hidden"] = group["count"] - len(group["dates"])
    return list(groups.values())


@check_request(rules.can_use_desk)
def desk(request: HttpRequest) -> HttpResponse:
    return _desk_page(request)


def _desk_page(request: HttpRequest, failed: RefuseForm | None = None) -> HttpResponse:
    """The desk; after a refusal of a series without its reason, with that form sent back on its
    row (RGAA 11.10), answered 400 like every form sent back."""
    territory = request.territory
    communes = people_rules.communes_looked_after(request.user, territory)
    bookings = services.desk_bookings(territory, communes).select_related("item", "borrower", "initiative")
    start, end = services.today_bounds()
    now = timezone.now()

    def listed(queryset, order):
        return [(b, services.span(b.starts_at, b.ends_at)) for b in queryset.order_by(order, "pk")[:50]]

    context = {
        "to_decide": listed(
            bookings.filter(status=BookingStatus.REQUESTED, series__isnull=True), "starts_at"
        ),
        "series_to_decide": _series_rows(bookings, failed),
        "failed": failed,
        "to_hand_over": listed(
            bookings.filter(status=BookingStatus.APPROVED, starts_at__lt=end, ends_at__gte=start), "starts_at"
        ),
        "to_get_back": listed(
            bookings.filter(status=BookingStatus.CHECKED_OUT, ends_at__gte=start, ends_at__lt=end), "ends_at"
        ),
        "overdue": listed(bookings.filter(status=BookingStatus.OVERDUE), "ends_at"),
        "not_handed": listed(bookings.filter(status=BookingStatus.APPROVED, ends_at__lt=now), "ends_at"),
        "supports": SupportRequest.objects.in_territory(territory)
        .filter(status__in=(SupportStatus.REQUESTED, SupportStatus.ACCEPTED), item__commune__in=communes)
        .select_related("item", "requester", "initiative", "meetup")
        .order_by("wanted_by", "pk")[:50],
        "items": Item.objects.in_territory(territory)
        .filter(commune__in=communes)
        .exclude(owner_kind=OwnerKind.RESIDENT)
        .select_related("commune")
        .defer("photo")
        .order_by("kind", "name")[:200],
        "most_asked": bookings.filter(created_at__gte=now - datetime.timedelta(days=365))
        .values("item__name", "item__slug")
        .annotate(requests=Count("pk"), refused=Count("pk", filter=Q(unavailable=True)))
        .order_by("-requests", "item__name")[:MOST_ASKED],
        "refuse_form": RefuseForm(auto_id="support-refuse-%s"),
        "support_statuses": SupportStatus,
    }
    say_unplaced(request, failed)
    return render(request, "lending/desk.html", context)


def _series_for_decision(request: HttpRequest, series: uuid.UUID) -> list[Booking]:
    """The dates of a series awaiting a decision, when the person may decide each (the rule of one
    booking, `rules.can_decide`): 404 when they see none of them, 403 when they may not decide."""
    bookings = list(
        Booking.objects.in_territory(request.territory)
        .filter(series=series, status=BookingStatus.REQUESTED)
        .select_related("item")
    )
    user, territory = request.user, request.territory
    if not bookings or not any(rules.can_see_booking(user, territory, b) for b in bookings):
        raise Http404
    if not all(rules.can_decide(user, territory, b) for b in bookings):
        raise PermissionDenied
    return bookings


@require_POST
def series_action(request: HttpRequest, series: uuid.UUID, action: str) -> HttpResponse:
    """Approve or refuse (with one reason) all the dates of a series awaiting a decision."""
    if action not in ("approuver", "refuser"):
        raise Http404
    bookings = _series_for_decision(request, series)
    user = request.user
    if action == "refuser":
        form = row_form(RefuseForm, series, request.POST)
        form.fields["reason"].error_messages["required"] = _(
            "Say why the request is refused: the person will read it."
        )
        if not form.is_valid():
            if rules.can_use_desk(user, request.territory):
                return _desk_page(request, failed=form)
            # A keeper without the desk (an initiative's holder) decides from the dates' pages:
            # the first one, with the reason's error on its form.
            return _booking_page(request, bookings[0], refuse_form=form)
        reason = form.cleaned_data["reason"]
    try:
        if action == "approuver":
            decided = services.approve_series(series, by=user)
            taken = sum(1 for b in decided if b.status == BookingStatus.REFUSED)
            if taken == len(decided):
                messages.warning(
                    request, _("The slots were taken meanwhile: the requests are refused for that reason.")
                )
            elif taken:
                messages.warning(
                    request,
                    ngettext(
                        "%(n)s date was taken meanwhile: it is refused for that reason; the others are "
                        "approved. The person is told by email.",
                        "%(n)s dates were taken meanwhile: they are refused for that reason; the others "
                        "are approved. The person is told by email.",
                        taken,
                    )
                    % {"n": taken},
                )
            else:
                messages.success(request, _("All the dates are approved: the person is told by email."))
        else:
            services.refuse_series(series, by=user, reason=reason)
            messages.success(request, _("All the dates are refused: the person is told why."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    if rules.can_use_desk(user, request.territory):
        return redirect("lending:desk")
    return redirect(bookings[0].get_absolute_url())


def _desk_people(request: HttpRequest):
    communes = people_rules.communes_looked_after(request.user, request.territory)
    return (
        User.objects.in_territory(request.territory)
        .filter(is_active=True, commune__in=communes)
        .order_by("display_name")
    )


@check_request(rules.can_use_desk)
def desk_book(request: HttpRequest, slug: str) -> HttpResponse:
    item = _item(request, slug)
    if not rules.can_book_for_someone(request.user, request.territory, item):
        raise PermissionDenied
    form = DeskBookingForm(posted(request), item=item, by=request.user, people=_desk_people(request))
    proposal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.request_booking(
                item,
                data["person"],
                data["start"],
                data["end"],
                purpose=data.get("purpose", ""),
                initiative=data.get("initiative"),
                entered_by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if booking.status != BookingStatus.REFUSED:
                messages.success(request, _("Booked: the person is told if they have an email address."))
                return redirect(booking.get_absolute_url())
            proposal = services.next_free_slot(item, data["start"], data["end"])
            form.add_error(None, _("The item is already lent at that time."))
    context = {
        "item": item,
        "form": form,
        "proposal": proposal and services.span(*proposal),
        "busy": _busy(item),
    }
    return render(request, "lending/desk_book.html", context)


@check_request(rules.can_use_desk)
@require_POST
def handle_support(request: HttpRequest, public_id) -> HttpResponse:
    support = get_scoped_or_404(
        request, SupportRequest.objects.select_related("item", "requester"), public_id=public_id
    )
    try:
        services.handle_support(
            support,
            by=request.user,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Done: the person is told by email."))
    return redirect("lending:desk")
