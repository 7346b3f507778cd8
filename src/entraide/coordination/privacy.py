"""What the coordination group holds about a person, for export and erasure (RGPD).

The group's records (agenda, minutes, decisions, actions, documents) are the programme's memory:
they stay, pointing at the anonymised account, so "Former resident" proposed an item or owns an
action the group can hand to someone else. Attendance rows, which say where the person was, are
deleted. Their role, and with it its term, is deleted by the people app.
"""

from entraide.people.models import User

from .models import Action, AgendaItem, Attendance, Document, Meeting, Minutes

_KEPT = "kept, pointing at the anonymised account"
_GROUP_TEXT = "kept: the group's record, written for the group"

COVERS = {
    "coordination.Meeting.facilitator": _KEPT,
    "coordination.Meeting.place": _GROUP_TEXT,
    "coordination.AgendaItem.proposed_by": _KEPT,
    "coordination.AgendaItem.title": f"{_GROUP_TEXT}; exported",
    "coordination.AgendaItem.details": f"{_GROUP_TEXT}; exported",
    "coordination.Minutes.written_by": _KEPT,
    "coordination.Minutes.approved_by": _KEPT,
    "coordination.Minutes.text": _GROUP_TEXT,
    "coordination.Action.owner": f"{_KEPT} (the group hands the open ones to someone else); exported",
    "coordination.Action.created_by": _KEPT,
    "coordination.Action.title": f"{_GROUP_TEXT}; exported",
    "coordination.Attendance.person": "deleted; exported",
    "coordination.Document.added_by": _KEPT,
    "coordination.Document.title": f"{_GROUP_TEXT}; exported",
    "coordination.Document.url": _GROUP_TEXT,
    "coordination.Document.text": _GROUP_TEXT,
}


def export(person: User) -> dict:
    return {
        "agenda_items_proposed": [
            {"meeting": item.meeting.starts_at.isoformat(), "item": item.title, "details": item.details}
            for item in AgendaItem.objects.filter(proposed_by=person).select_related("meeting").order_by("pk")
        ],
        "actions": [
            {
                "action": action.title,
                "due": action.due_on.isoformat() if action.due_on else None,
                "done": action.done_at.isoformat() if action.done_at else None,
            }
            for action in Action.objects.filter(owner=person).order_by("pk")
        ],
        "meetings_attended": [
            a.meeting.starts_at.isoformat()
            for a in Attendance.objects.filter(person=person)
            .select_related("meeting")
            .order_by("meeting__starts_at")
        ],
        "meetings_facilitated": [
            m.starts_at.isoformat() for m in Meeting.objects.filter(facilitator=person).order_by("starts_at")
        ],
        "minutes_written": Minutes.objects.filter(written_by=person).count(),
        "documents_added": list(Document.objects.filter(added_by=person).values_list("title", flat=True)),
    }


def erase(person: User) -> None:
    Attendance.objects.filter(person=person).delete()
