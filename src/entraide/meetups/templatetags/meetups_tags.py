"""`{% next_meetups %}`: the territory's next meetups, for other apps' pages and posters (the board),
in one query."""

from django import template
from django.utils import timezone

from entraide.meetups.models import Occurrence

register = template.Library()


@register.inclusion_tag("meetups/includes/next_meetups.html", takes_context=True)
def next_meetups(context, limit: int = 3, paper: bool = False) -> dict:
    request = context["request"]
    territory = getattr(request, "territory", None)
    occurrences = []
    if territory is not None:
        occurrences = list(
            Occurrence.objects.in_territory(territory)
            .public()
            .for_cards()
            .filter(starts_at__gte=timezone.now(), cancelled=False)
            .order_by("starts_at", "pk")[:limit]
        )
    return {"occurrences": occurrences, "paper": paper, "request": request}
