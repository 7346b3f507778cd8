"""The group's meetings as a private iCalendar feed (RFC 5545), through `core.calendars`.

A calendar application cannot log in, so a member copies a private address holding their
`FeedToken` (purpose "coordination"); it stops working when they make a new one, or when they
are no longer a member of the group.
"""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from entraide.core import calendars

from .models import AgendaItem, Meeting

FEED_PURPOSE = "coordination"
MAX_MEETINGS = 200


def meetings_feed(request: HttpRequest) -> HttpResponse:
    territory = request.territory
    after, before = calendars.window()
    calendar = calendars.new_calendar(
        _("Coordination group · %(territory)s") % {"territory": territory.name},
        description=_("The meetings of the coordination group: members only."),
    )
    meetings = (
        Meeting.objects.in_territory(territory)
        .filter(starts_at__gte=after, starts_at__lt=before)
        .select_related("facilitator")
        .prefetch_related(Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("created_at", "pk")))
        .order_by("starts_at")[:MAX_MEETINGS]
    )
    host = request.get_host().split(":")[0]
    for meeting in meetings:
        lines = []
        if meeting.facilitator:
            lines.append(_("Facilitated by %(name)s") % {"name": meeting.facilitator.display_name})
        items = [item.title for item in meeting.agenda_items.all()]
        if items:
            lines.append(_("Agenda:"))
            lines.extend(f"- {title}" for title in items)
        calendars.add_event(
            calendar,
            calendars.EventData(
                uid=f"coordination-{meeting.public_id}@{host}",
                start=meeting.starts_at,
                end=meeting.end,  # two hours when the meeting was planned without an end
                summary=_("Coordination group meeting"),
                description="\n".join(lines),
                location=meeting.place,
                url=request.build_absolute_uri(meeting.get_absolute_url()),
                stamp=meeting.created_at,
            ),
        )
    return calendars.ics_response(calendar, "coordination.ics")
