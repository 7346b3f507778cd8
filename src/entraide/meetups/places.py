"""What the directory's pages show of meetups: the next dates held at, or organised by, an entry."""

from django.db.models import Q
from django.utils import timezone

from .models import Occurrence


def next_meetups(initiative, limit: int = 5) -> list[Occurrence]:
    return list(
        Occurrence.objects.in_territory(initiative.territory)
        .public()
        .filter(Q(meetup__place=initiative) | Q(meetup__organiser_initiative=initiative))
        .filter(starts_at__gte=timezone.now(), cancelled=False)
        .select_related("meetup")
        .order_by("starts_at", "pk")[:limit]
    )
