"""What the coordination group adds to a member's personal home (entraide.core.home)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from entraide.core.home import Item, Section, first_items

from . import rules, services
from .models import Action


def personal(request: HttpRequest) -> list[Section]:
    if not rules.is_member(request.user, request.territory):
        return []
    sections = []
    upcoming = services.next_meeting(request.territory)
    if upcoming is not None:
        sections.append(
            Section(
                title=_("Next coordination meeting"),
                url=reverse("coordination:space"),
                items=[
                    Item(
                        label=capfirst(services.when(upcoming)),
                        url=upcoming.get_absolute_url(),
                        detail=upcoming.place,
                    )
                ],
                count=1,
                order=80,
            )
        )
    mine, count = first_items(
        Action.objects.in_territory(request.territory)
        .open()
        .filter(owner=request.user)
        .select_related("meeting")
        .order_by("due_on", "created_at", "pk"),
        lambda a: Item(
            label=a.title,
            url=a.meeting.get_absolute_url() if a.meeting_id else reverse("coordination:space") + "#todo",
            detail=_("by %(date)s") % {"date": date_format(a.due_on, "j F Y")} if a.due_on else "",
        ),
    )
    if count:
        sections.append(
            Section(
                title=_("My open actions in the coordination group"),
                url=reverse("coordination:space"),
                items=mine,
                count=count,
                waiting=True,
                order=81,
            )
        )
    return sections
