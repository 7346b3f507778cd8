"""What core holds about a person: the secret addresses of their private calendar feeds."""

from .models import FeedToken

COVERS = {
    "core.FeedToken.person": "deleted",
    "core.FeedToken.purpose": "deleted with the row",
    "core.FeedToken.token": "deleted with the row (not exported: a secret)",
}


def export(person) -> dict:
    return {
        "private_calendars": sorted(FeedToken.objects.filter(person=person).values_list("purpose", flat=True))
    }


def erase(person) -> None:
    FeedToken.objects.filter(person=person).delete()
