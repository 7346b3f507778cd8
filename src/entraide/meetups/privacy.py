"""What the meetups hold about a person, for export and erasure (RGPD).

A published meetup describes a public gathering, not a person: it stays, no longer organised by
them; their proposals nobody published are deleted. Their registrations are deleted (the
counts of a closed date stay on the date), the attendance they wrote stays as figures.
"""

from django.db.models import Count

from entraide.people.models import User

from .enums import MeetupStatus
from .models import Meetup, Occurrence, Registration, TrustedOrganiser

_PROPOSAL = "unpublished proposals deleted; published meetups kept, no longer linked to them"

COVERS = {
    "meetups.Meetup.proposed_by": f"{_PROPOSAL} (kept pointing at the anonymised account)",
    "meetups.Meetup.organisers": "removed from the organisers",
    **{
        f"meetups.Meetup.{field}": _PROPOSAL
        for field in ("slug", "title", "description", "address", "rrule", "what_to_bring", "for_whom")
    },
    "meetups.Registration.person": "deleted",
    "meetups.Registration.entered_by": "kept, pointing at the anonymised account (the referent's record)",
    "meetups.Occurrence.closed_by": "kept, pointing at the anonymised account",
    "meetups.Occurrence.report": "kept: what happened at a public meetup, written by its organisers",
    "meetups.TrustedOrganiser.person": "deleted",
    "meetups.TrustedOrganiser.granted_by": "kept, pointing at the anonymised account",
}


def export(person: User) -> dict:
    registrations = (
        Registration.objects.filter(person=person)
        .select_related("occurrence__meetup")
        .order_by("occurrence__starts_at", "pk")
    )
    proposed = Meetup.objects.filter(proposed_by=person).order_by("created_at", "pk")
    return {
        "registrations": [
            {
                "meetup": r.occurrence.meetup.title,
                "date": r.occurrence.starts_at.isoformat(),
                "guests": r.guests,
                "status": r.get_status_display(),
            }
            for r in registrations
        ],
        "meetups_proposed": [
            {"title": m.title, "date": m.starts_at.isoformat(), "status": m.get_status_display()}
            for m in proposed
        ],
    }


def erase(person: User) -> None:
    # Freed places go back to the count of their date (no emails: nobody is promoted by an erasure).
    confirmed = (
        Registration.objects.filter(person=person, status="confirmed")
        .values("occurrence_id")
        .annotate(n=Count("pk"))
    )
    for row in confirmed:
        places = sum(
            r.places for r in Registration.objects.filter(person=person, occurrence_id=row["occurrence_id"])
        )
        occurrence = Occurrence.objects.get(pk=row["occurrence_id"])
        occurrence.taken = max(occurrence.taken - places, 0)
        occurrence.save(update_fields=["taken"])
    Registration.objects.filter(person=person).delete()
    TrustedOrganiser.objects.filter(person=person).delete()
    Meetup.objects.filter(proposed_by=person, status=MeetupStatus.PROPOSED).delete()
    for meetup in Meetup.objects.filter(organisers=person):
        meetup.organisers.remove(person)
