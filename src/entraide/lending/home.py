"""What lending adds to the personal home and to the referent's desk (entraide.core.home)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.core.home import Item, Section, first_items
from entraide.people import rules as people_rules

from . import services
from .enums import OPEN, BookingStatus
from .models import Booking, SupportRequest


def _item(booking: Booking) -> Item:
    return Item(
        label=booking.item.name,
        url=booking.get_absolute_url(),
        detail=f"{services.span(booking.starts_at, booking.ends_at)} · {booking.get_status_display()}",
    )


def personal(request: HttpRequest) -> list[Section]:
    bookings = Booking.objects.in_territory(request.territory)
    mine, mine_count = first_items(
        bookings.filter(borrower=request.user, status__in=OPEN, ends_at__gte=timezone.now())
        .select_related("item")
        .order_by("starts_at", "pk"),
        _item,
    )
    asked, asked_count = first_items(
        bookings.filter(item__owner_person=request.user, status=BookingStatus.REQUESTED)
        .select_related("item")
        .order_by("starts_at", "pk"),
        _item,
    )
    url = reverse("lending:mine")
    sections = []
    if asked_count:
        sections.append(
            Section(
                title=_("Requests to borrow my objects"),
                url=url,
                items=asked,
                count=asked_count,
                waiting=True,
                order=62,
            )
        )
    if mine_count:
        sections.append(Section(title=_("My loans"), url=url, items=mine, count=mine_count, order=63))
    return sections


def desk(request: HttpRequest) -> list[Section]:
    if not people_rules.is_referent(request.user, request.territory):
        return []
    communes = people_rules.communes_looked_after(request.user, request.territory)
    bookings = services.desk_bookings(request.territory, communes).select_related("item")
    url = reverse("lending:desk")
    to_decide, to_decide_count = first_items(
        bookings.filter(status=BookingStatus.REQUESTED).order_by("starts_at", "pk"), _item
    )
    overdue, overdue_count = first_items(
        bookings.filter(status=BookingStatus.OVERDUE).order_by("ends_at", "pk"), _item
    )
    supports, supports_count = first_items(
        SupportRequest.objects.in_territory(request.territory)
        .filter(status__in=("requested", "accepted"), item__commune__in=communes)
        .select_related("item")
        .order_by("wanted_by", "pk"),
        lambda s: Item(label=f"{s.item.name}: {s.what}", url=url, detail=s.get_status_display()),
    )
    return [
        Section(
            title=_("Loans to approve"),
            url=url,
            items=to_decide,
            count=to_decide_count,
            waiting=True,
            order=64,
        ),
        Section(
            title=_("Overdue loans"), url=url, items=overdue, count=overdue_count, waiting=True, order=65
        ),
        Section(
            title=_("Communication requests"),
            url=url,
            items=supports,
            count=supports_count,
            waiting=True,
            order=66,
        ),
    ]
