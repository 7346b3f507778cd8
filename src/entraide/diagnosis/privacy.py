"""What the diagnosis holds about a person, for export and erasure (RGPD).

A need a resident suggested is theirs until a referent records it; once recorded, it is part
of the territory's diagnosis, worded under the referent's responsibility, and stays, no longer
linked to them. Needs a referent recorded and snapshots they took stay: the territory's record.
"""

from entraide.people.models import User

from .enums import NeedState
from .models import Need, Snapshot

_KEPT = "kept, pointing at the anonymised account (the territory's record)"

# Every field of the diagnosis that points at a person or holds their text, and what erasure
# does with it (tests/people/test_privacy_coverage.py checks that none is missing).
COVERS = {
    "diagnosis.Need.suggested_by": "suggestions not yet recorded deleted; recorded needs unlinked",
    "diagnosis.Need.description": "deleted with an unrecorded suggestion; a recorded need is the territory's",
    "diagnosis.Need.other_answers": "written by the referents, not by the person",
    "diagnosis.Need.recorded_by": _KEPT,
    "diagnosis.Snapshot.taken_by": _KEPT,
    "diagnosis.Snapshot.title": "written by a coordinator for the territory, not personal",
    "diagnosis.Snapshot.data": "figures per category and neighbourhood, nobody named",
}


def export(person: User) -> dict:
    return {
        "needs_suggested": [
            {
                "description": n.description,
                "theme": n.category.name,
                "commune": n.commune.name,
                "state": n.get_state_display(),
                "suggested_at": n.created_at.isoformat(),
            }
            for n in Need.objects.filter(suggested_by=person).select_related("category", "commune")
        ],
        "needs_recorded": Need.objects.filter(recorded_by=person).count(),
        "snapshots_taken": [
            {"title": s.title, "date": s.taken_on.isoformat()}
            for s in Snapshot.objects.filter(taken_by=person)
        ],
    }


def erase(person: User) -> None:
    Need.objects.filter(suggested_by=person, state=NeedState.SUGGESTED).delete()
    Need.objects.filter(suggested_by=person).update(suggested_by=None)
