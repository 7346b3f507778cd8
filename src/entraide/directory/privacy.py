"""What the directory holds about a person, for export and erasure (RGPD).

A published entry describes an initiative, not a person: it stays, no longer linked to them.
What is theirs goes: the roles they hold, the corrections they proposed, and the proposals of
theirs that no referent has published.
"""

from django.db.models import Q

from entraide.people.models import User

from .enums import Publication
from .models import Correction, Holder, ImportBatch, Initiative

_PROPOSAL = "unpublished proposals deleted; published entries kept, no longer linked to them"

# Every field of the directory that points at a person or holds their text, and what erasure
# does with it (tests/people/test_privacy_coverage.py checks that none is missing).
COVERS = {
    "directory.Initiative.proposed_by": _PROPOSAL,
    "directory.Initiative.holders": "their holder rows deleted (see Holder.user)",
    **{
        f"directory.Initiative.{field}": _PROPOSAL
        for field in (
            "slug",
            "name",
            "description",
            "audience_note",
            "contact_phone",
            "contact_email",
            "website",
            "links",
            "address",
            "postal_code",
            "opening_hours",
            "external_id",
            "search_text",
            "source_record",
        )
    },
    "directory.Holder.user": "deleted",
    "directory.Holder.role": "deleted with the row",
    "directory.Correction.proposed_by": "deleted",
    "directory.Correction.data": "deleted with the row",
    "directory.Correction.changed_fields": "deleted with the row",
    "directory.Correction.note": "deleted with the row",
    "directory.ImportBatch.created_by": "kept, pointing at the anonymised account (the territory's record)",
    **{
        f"directory.ImportBatch.{field}": "kept: a file's name and the import's report, not personal"
        for field in ("filename", "file_format", "encoding", "report", "summary", "counts")
    },
}


def export(person: User) -> dict:
    return {
        "initiatives_proposed": [
            {
                "name": i.name,
                "description": i.description,
                "publication": i.get_publication_display(),
                "proposed_at": i.created_at.isoformat(),
            }
            for i in Initiative.objects.filter(proposed_by=person).order_by("created_at", "pk")
        ],
        "roles_in_initiatives": [
            {"initiative": h.initiative.name, "role": h.role, "confirmed": h.confirmed}
            for h in Holder.objects.filter(user=person).select_related("initiative").order_by("created_at")
        ],
        "corrections_proposed": [
            {
                "initiative": c.initiative.name,
                "changes": c.data,
                "note": c.note,
                "state": c.get_state_display(),
                "proposed_at": c.created_at.isoformat(),
            }
            for c in Correction.objects.filter(proposed_by=person)
            .select_related("initiative")
            .order_by("created_at", "pk")
        ],
        "imports": [
            {"file": b.filename, "at": b.created_at.isoformat(), "entries_created": b.created_count}
            for b in ImportBatch.objects.filter(created_by=person).order_by("created_at")
        ],
    }


def erase(person: User) -> None:
    Holder.objects.filter(user=person).delete()
    Correction.objects.filter(proposed_by=person).delete()
    mine = Initiative.objects.filter(proposed_by=person)
    mine.filter(~Q(publication=Publication.PUBLISHED)).delete()
    mine.update(proposed_by=None)
