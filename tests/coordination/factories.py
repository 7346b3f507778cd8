import datetime

from django.utils import timezone

from entraide.coordination import services
from entraide.coordination.models import Meeting


def at(days: int, hour: int = 18) -> datetime.datetime:
    """A local date `days` from today at `hour`."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def make_meeting(territory, facilitator, *, days: int = 7, rhythm: str = "monthly", **fields) -> Meeting:
    return services.plan_meeting(
        territory,
        starts_at=at(days),
        ends_at=fields.pop("ends_at", None),
        place=fields.pop("place", "Mairie, salle du conseil"),
        facilitator=facilitator,
        rhythm=rhythm,
    )
