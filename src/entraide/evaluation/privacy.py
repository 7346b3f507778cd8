"""What the evaluation holds about a person: their feedback. Erasure keeps the anonymous
answers (yes/no, counted with others') and deletes the sentence and the link to them."""

from .models import Feedback

COVERS = {
    "evaluation.Feedback.person": "unlinked: the yes/no answers stay, anonymous, in the counts",
    "evaluation.Feedback.sentence": "emptied",
    "evaluation.Feedback.kind": "kept: a kind of subject, not personal",
}


def export(person) -> dict:
    return {
        "feedback": [
            {
                "about": f.kind,
                "subject": str(f.subject),
                "did_good": f.did_good,
                "met_someone_new": f.met_someone_new,
                "sentence": f.sentence,
                "given_at": f.created_at.isoformat(),
            }
            for f in Feedback.objects.filter(person=person).order_by("created_at", "pk")
        ]
    }


def erase(person) -> None:
    feedback = Feedback.objects.filter(person=person)
    # An answer that was only a sentence says nothing once the sentence goes.
    feedback.filter(did_good=None, met_someone_new=None).delete()
    feedback.update(person=None, sentence="")
