"""The lending calendars (RFC 5545, through entraide.core.calendars): an item's busy times without
names, and a person's private "my loans". Bounded windows, a fixed number of queries."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from entraide.core import calendars

from .enums import BLOCKING, OPEN, BookingStatus
from .models import Booking, Item

MAX_EVENTS = 2000


def _host(request: HttpRequest) -> str:
    return request.get_host().split(":")[0]


def item_feed(request: HttpRequest, item: Item) -> HttpResponse:
    after, before = calendars.window()
    calendar = calendars.new_calendar(_("%(item)s · busy times") % {"item": item.name})
    rows = (
        Booking.objects.filter(item=item, status__in=BLOCKING, blocked_until__gt=after, starts_at__lt=before)
        .order_by("starts_at")
        .values_list("public_id", "starts_at", "ends_at", "updated_at")[:MAX_EVENTS]
    )
    for public_id, start, end, updated in rows:
        calendars.add_event(
            calendar,
            calendars.EventData(
                uid=f"{public_id}@{_host(request)}",
                start=start,
                end=end,
                summary=_("Busy"),
                url=request.build_absolute_uri(item.get_absolute_url()),
                stamp=updated,
            ),
        )
    return calendars.ics_response(calendar, f"{item.slug}.ics")


def personal_feed(request: HttpRequest, person) -> HttpResponse:
    """What the person borrows, and what others borrow of their own objects."""
    after, before = calendars.window()
    calendar = calendars.new_calendar(_("My loans · %(territory)s") % {"territory": request.territory.name})
    base = (
        Booking.objects.in_territory(request.territory)
        .filter(starts_at__lt=before, ends_at__gte=after)
        .select_related("item__commune", "item__neighbourhood")
    )
    borrowed = base.filter(borrower=person).exclude(status=BookingStatus.REFUSED)
    lent = base.filter(item__owner_person=person, status__in=OPEN)
    for booking in [*borrowed.order_by("starts_at")[:MAX_EVENTS], *lent.order_by("starts_at")[:MAX_EVENTS]]:
        mine = booking.borrower_id == person.pk
        calendars.add_event(
            calendar,
            calendars.EventData(
                uid=f"{booking.public_id}@{_host(request)}",
                start=booking.starts_at,
                end=booking.ends_at,
                summary=(_("Borrowed: %(item)s") if mine else _("Lent: %(item)s"))
                % {"item": booking.item.name},
                description=booking.get_status_display(),
                location=booking.item.place,
                url=request.build_absolute_uri(booking.get_absolute_url()),
                cancelled=booking.status == BookingStatus.CANCELLED,
                stamp=booking.updated_at,
            ),
        )
    response = calendars.ics_response(calendar, "mes-prets.ics")
    response["Cache-Control"] = "private, no-store"
    return response
