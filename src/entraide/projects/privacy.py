"""What micro-initiatives hold about a person, for export and erasure (RGPD).

A decided project is a public decision on public money: it stays (title, description, statement,
diary), its contact and its list of names are blanked, and it points at the anonymised account.
Drafts and applications nobody decided on are deleted, as are support requests, reviews, conflict
declarations and the mentor offer. What a person wrote as a referent (calls, guides, diary
entries, payments) stays, pointing at the anonymised account.
"""

from entraide.people.models import User

from .enums import DECIDED
from .models import ConflictOfInterest, DiaryEntry, Mentor, Project, Review, SupportRequest

_KEPT = "kept, pointing at the anonymised account"
_PUBLIC_CALL = "kept: a public call of the programme"
_PROJECT = "deleted unless decided; a decided project is public and kept, contact and names blanked"

COVERS = {
    "projects.Call.created_by": _KEPT,
    **{f"projects.Call.{f}": _PUBLIC_CALL for f in ("slug", "title", "funded", "questions")},
    "projects.Project.applicant": _PROJECT,
    "projects.Project.entered_by": f"{_KEPT} (the referent's record)",
    "projects.Project.decided_by": f"{_KEPT} (the coordination group's decision)",
    **{
        f"projects.Project.{f}": _PROJECT
        for f in ("slug", "title", "description", "when", "mutual_aid", "statement")
    },
    **{f"projects.Project.{f}": "blanked" for f in ("members", "contact", "applicant_name")},
    "projects.ConflictOfInterest.reviewer": "deleted",
    "projects.ConflictOfInterest.reason": "deleted",
    "projects.Review.reviewer": "deleted",
    "projects.Review.comment": "deleted",
    "projects.DiaryEntry.author": _KEPT,
    "projects.DiaryEntry.milestone": "kept: the public diary of a funded project",
    "projects.DiaryEntry.note": "kept: the public diary of a funded project",
    "projects.Payment.recorded_by": _KEPT,
    "projects.Mentor.person": "deleted",
    "projects.Mentor.offer": "deleted",
    "projects.SupportRequest.requester": "deleted",
    "projects.SupportRequest.description": "deleted",
    "projects.SupportRequest.follow_up": "deleted",
    "projects.Guide.written_by": _KEPT,
    **{f"projects.Guide.{f}": "kept: a public guide" for f in ("slug", "title", "summary", "body")},
}


def export(person: User) -> dict:
    projects = Project.objects.filter(applicant=person).select_related("call").order_by("created_at", "pk")
    supports = SupportRequest.objects.filter(requester=person).order_by("created_at", "pk")
    return {
        "applications": [
            {
                "call": p.call.title,
                "title": p.title,
                "description": p.description,
                "members": p.member_list(),
                "when": p.when,
                "amount_asked": p.amount_asked,
                "mutual_aid": p.mutual_aid,
                "contact": p.contact,
                "status": p.get_status_display(),
                "amount_granted": p.granted_amount,
                "statement": p.statement,
            }
            for p in projects
        ],
        "support_requests": [
            {
                "topic": s.get_topic_display(),
                "description": s.description,
                "status": s.get_status_display(),
                "date": s.created_at.isoformat(),
            }
            for s in supports
        ],
        "reviews": [
            {"project": r.project.title, "comment": r.comment}
            for r in Review.objects.filter(reviewer=person).select_related("project")
        ],
        "conflicts_of_interest": [
            {"project": c.project.title, "reason": c.reason}
            for c in ConflictOfInterest.objects.filter(reviewer=person).select_related("project")
        ],
        "mentor": [m.offer for m in Mentor.objects.filter(person=person)],
        "diary_entries_written": DiaryEntry.objects.filter(author=person).count(),
    }


def erase(person: User) -> None:
    SupportRequest.objects.filter(requester=person).delete()
    Mentor.objects.filter(person=person).delete()
    Review.objects.filter(reviewer=person).delete()
    ConflictOfInterest.objects.filter(reviewer=person).delete()
    Project.objects.filter(applicant=person).exclude(status__in=DECIDED).delete()
    Project.objects.filter(applicant=person).update(contact="", members="", applicant_name="")
