"""What meetups add to the personal home and to the referent's desk (entraide.core.home)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from entraide.core.home import Item, Section, first_items
from entraide.people import rules as people_rules

from .enums import ACTIVE_REGISTRATIONS, MeetupStatus
from .models import Meetup, Occurrence, Registration


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "l j F, H:i")


def personal(request: HttpRequest) -> list[Section]:
    registrations = (
        Registration.objects.in_territory(request.territory)
        .filter(person=request.user, status__in=ACTIVE_REGISTRATIONS, occurrence__ends_at__gte=timezone.now())
        .select_related("occurrence__meetup")
        .order_by("occurrence__starts_at", "pk")
    )
    items, count = first_items(
        registrations,
        lambda r: Item(
            label=r.occurrence.meetup.title,
            url=r.occurrence.get_absolute_url(),
            detail=f"{_when(r.occurrence.starts_at)} · {r.get_status_display()}",
        ),
    )
    if not count:
        return []
    return [
        Section(title=_("My next meetups"), url=reverse("meetups:mine"), items=items, count=count, order=60)
    ]


def desk(request: HttpRequest) -> list[Section]:
    if not people_rules.is_referent(request.user, request.territory):
        return []
    communes = people_rules.communes_looked_after(request.user, request.territory)
    proposals, proposals_count = first_items(
        Meetup.objects.in_territory(request.territory)
        .filter(status=MeetupStatus.PROPOSED, commune__in=communes)
        .order_by("created_at", "pk"),
        lambda m: Item(label=m.title, url=m.get_absolute_url(), detail=_when(m.starts_at)),
    )
    to_close, to_close_count = first_items(
        Occurrence.objects.in_territory(request.territory)
        .public()
        .filter(
            closed_at__isnull=True,
            cancelled=False,
            starts_at__lt=timezone.now(),
            meetup__commune__in=communes,
        )
        .select_related("meetup")
        .order_by("-starts_at", "pk"),
        lambda o: Item(
            label=o.meetup.title,
            url=reverse("meetups:close", kwargs={"public_id": o.public_id}),
            detail=_when(o.starts_at),
        ),
    )
    url = reverse("meetups:desk")
    return [
        Section(
            title=_("Meetups to publish"),
            url=url,
            items=proposals,
            count=proposals_count,
            waiting=True,
            order=60,
        ),
        Section(
            title=_("Meetups to close"), url=url, items=to_close, count=to_close_count, waiting=True, order=61
        ),
    ]
