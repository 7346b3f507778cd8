import datetime

import factory
from django.utils import timezone

from entraide.lending.enums import BookingStatus, ItemKind, OwnerKind
from entraide.lending.models import Booking, Item

from ..factories import CommuneFactory


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    commune = factory.SubFactory(CommuneFactory)
    territory = factory.SelfAttribute("commune.territory")
    kind = ItemKind.EQUIPMENT
    name = factory.Sequence(lambda n: f"Objet {n}")
    slug = factory.Sequence(lambda n: f"objet-{n}")
    owner_kind = OwnerKind.COMMUNE
    longest_hours = 72


def at(days: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A local time `days` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_booking(item: Item, person, start, end, status=BookingStatus.APPROVED, **kwargs) -> Booking:
    return Booking.objects.create(
        territory=item.territory,
        item=item,
        borrower=person,
        starts_at=start,
        ends_at=end,
        blocked_until=end + item.buffer,
        status=status,
        **kwargs,
    )
