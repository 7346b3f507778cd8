"""What the evaluation holds about a person: their feedback, their questionnaire answers and the
stories they told. Export gives them all. Erasure anonymises: the answers stay in the counts
(yes/no, brackets, by commune), unlinked; sentences are emptied; a story is deleted unless the
group chose it and it was published with consent (it then stays, without any link to them)."""

from .models import Feedback, Story, SurveyAnswer

COVERS = {
    "evaluation.Feedback.person": "unlinked: the yes/no answers stay, anonymous, in the counts",
    "evaluation.Feedback.sentence": "emptied",
    "evaluation.Feedback.kind": "kept: a kind of subject, not personal",
    "evaluation.SurveyAnswer.person": "exported; unlinked on erasure: the answers stay in the counts",
    "evaluation.SurveyAnswer.entered_by": "the referent who entered it: unlinked when they are erased",
    "evaluation.Story.teller": "exported; erasure deletes the story, or unlinks it if chosen and published",
    "evaluation.Story.entered_by": "the referent who wrote it down: unlinked when they are erased",
    "evaluation.Story.title": "exported; deleted or kept unlinked with the story",
    "evaluation.Story.body": "exported; deleted or kept unlinked with the story",
    "evaluation.Story.why_chosen": "the group's words, not the teller's: kept with the story",
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
        ],
        "questionnaires": [
            {
                "wave": a.wave.isoformat(),
                "contacts_outside_household_last_month": a.get_contacts_display(),
                "knows_whom_to_ask_for_help": a.get_knows_whom_to_ask_display(),
                "trust": a.get_trust_display(),
                "feels_lonely": a.get_loneliness_display(),
                "entered_on_paper": a.entered_by_id is not None,
                "consent_given_on": a.consent_given_on.isoformat() if a.consent_given_on else None,
                "answered_at": a.created_at.isoformat(),
            }
            for a in SurveyAnswer.objects.filter(person=person).order_by("wave", "pk")
        ],
        "stories": [
            {
                "title": s.title,
                "story": s.body,
                "agreed_to_publish": s.consent_to_publish,
                "published": s.published,
                "chosen_for_quarter": s.chosen_for.isoformat() if s.chosen_for else None,
                "told_at": s.created_at.isoformat(),
            }
            for s in Story.objects.filter(teller=person).order_by("created_at", "pk")
        ],
    }


def erase(person) -> None:
    feedback = Feedback.objects.filter(person=person)
    # An answer that was only a sentence says nothing once the sentence goes.
    feedback.filter(did_good=None, met_someone_new=None).delete()
    feedback.update(person=None, sentence="")
    SurveyAnswer.objects.filter(person=person).update(person=None)
    SurveyAnswer.objects.filter(entered_by=person).update(entered_by=None)
    stories = Story.objects.filter(teller=person)
    stories.exclude(chosen_for__isnull=False, published=True).delete()
    stories.update(teller=None)
    Story.objects.filter(entered_by=person).update(entered_by=None)
