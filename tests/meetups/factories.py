import datetime

import factory
from django.utils import timezone

from entraide.meetups import services
from entraide.meetups.enums import MeetupStatus
from entraide.meetups.models import Meetup, MeetupKind

from ..factories import CommuneFactory


class MeetupKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetupKind
        django_get_or_create = ["territory", "slug"]

    territory = factory.SubFactory("tests.factories.TerritoryFactory")
    slug = "cafe-solidaire"
    name = "Café solidaire"


def next_day(weekday: int, hour: int = 10) -> datetime.datetime:
    """The next such weekday (0 = Monday) at `hour`, at least two days ahead, in local time."""
    today = timezone.localdate() + datetime.timedelta(days=2)
    day = today + datetime.timedelta(days=(weekday - today.weekday()) % 7)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def make_meetup(
    organiser,
    *,
    title="Café solidaire",
    start=None,
    hours=2,
    rrule="",
    status=MeetupStatus.PUBLISHED,
    commune=None,
    kind=None,
    **fields,
) -> Meetup:
    commune = commune or organiser.commune or CommuneFactory(territory=organiser.territory)
    start = start or next_day(1)
    meetup = Meetup(
        territory=organiser.territory,
        kind=kind or MeetupKindFactory(territory=organiser.territory),
        title=title,
        commune=commune,
        address=fields.pop("address", "Salle des fêtes, place de la Mairie"),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=hours),
        rrule=rrule,
        **fields,
    )
    meetup = services.announce(meetup, by=organiser)
    if meetup.status != status:
        Meetup.objects.filter(pk=meetup.pk).update(status=status)
        meetup.refresh_from_db()
        services.sync_occurrences(meetup)
    return meetup
