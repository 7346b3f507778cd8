"""The readable page of a person's data: the same export as the JSON file, with French labels."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# A label for each key the apps' `export()` use; an unknown key shows as it is. An app may instead
# give its own in its privacy.py: `LABELS = {"key": _("Label")}` (merged by `labels()`).
LABELS = {
    # Sections
    "people": _("Profile and account"),
    "board": _("Mutual-aid board"),
    "timebank": _("Time bank"),
    "directory": _("Directory of initiatives"),
    "diagnosis": _("Shared diagnosis"),
    "generated_at": _("Generated on"),
    # People
    "profile": _("Profile"),
    "display_name": _("Display name"),
    "email": _("Email"),
    "commune": _("Commune"),
    "neighbourhood": _("Neighbourhood"),
    "phone": _("Phone"),
    "age_bracket": _("Age bracket"),
    "language": _("Language of my emails"),
    "presentation": _("A few words about me"),
    "can_help_with": _("What I can help with"),
    "listed_as_helper": _("Listed on “Who can help?”"),
    "help_categories": _("Themes I can help with"),
    "date_joined": _("Joined on"),
    "last_login": _("Last login"),
    "assisted_person": _("Assisted person"),
    "email_addresses": _("Email addresses"),
    "verified": _("Verified"),
    "primary": _("Main address"),
    "roles": _("Roles"),
    "consents": _("Consents"),
    "given_on": _("Given on"),
    "method": _("How"),
    "note": _("Note"),
    "entered_on_their_behalf": _("Entered on your behalf"),
    "entered_for_others": _("Entered for others"),
    "changes_in_the_administration": _("Changes in the administration"),
    "date": _("Date"),
    "by": _("By"),
    "for": _("For"),
    "what": _("What"),
    # Board
    "posts": _("Posts"),
    "reference": _("Reference"),
    "kind": _("Kind"),
    "title": _("Title"),
    "text": _("Text"),
    "category": _("Category"),
    "when": _("When"),
    "urgent": _("Urgent"),
    "status": _("Status"),
    "moderation": _("Moderation"),
    "created_at": _("Created on"),
    "expires_at": _("Expires on"),
    "entered_by": _("Entered by"),
    "conversations": _("Conversations"),
    "post": _("Post"),
    "with": _("With"),
    "started_at": _("Started on"),
    "contact_shared": _("Contact details shared"),
    "messages": _("Messages"),
    "at": _("On"),
    "from": _("From"),
    "reports": _("Reports"),
    "reason": _("Reason"),
    "resolved_at": _("Closed on"),
    "blocked_people": _("People blocked"),
    "person": _("Person"),
    "since": _("Since"),
    "exchanges": _("Help given and received"),
    "role": _("Role"),
    "duration_minutes": _("Duration (minutes)"),
    "notes_on_exchanges": _("Private notes on help"),
    "exchange": _("Help of the"),
    "moderation_about_them": _("Moderation about you"),
    "moderation_they_did": _("Moderation you did"),
    "action": _("Action"),
    "notification_preferences": _("Notifications"),
    "how_often": _("How often"),
    "where": _("Where"),
    "categories": _("Categories"),
    "posts_waiting_for_the_digest": _("Posts waiting for the next digest"),
    # Time bank
    "account": _("Time account"),
    "opened_on": _("Opened on"),
    "balance_minutes": _("Balance (minutes)"),
    "balance": _("Balance"),
    "frozen": _("Frozen"),
    "reason_for_freezing": _("Reason for freezing"),
    "transfers": _("Transfers"),
    "recorded_at": _("Recorded on"),
    "to": _("To"),
    "minutes": _("Minutes"),
    "description": _("Description"),
    "claims": _("Recorded help"),
    "helper": _("Helper"),
    "receiver": _("Person helped"),
    "dispute_reason": _("Why it was disputed"),
    "settled_minutes": _("Minutes settled by the referent"),
    "referent_reason": _("The referent’s reason"),
    "log": _("Log"),
    "detail": _("Detail"),
    # Directory
    "initiatives_proposed": _("Initiatives proposed"),
    "name": _("Name"),
    "publication": _("Publication"),
    "proposed_at": _("Proposed on"),
    "roles_in_initiatives": _("Roles in initiatives"),
    "initiative": _("Initiative"),
    "confirmed": _("Confirmed"),
    "corrections_proposed": _("Corrections proposed"),
    "changes": _("Changes"),
    "state": _("State"),
    "imports": _("Imports"),
    "file": _("File"),
    "entries_created": _("Entries created"),
    # Diagnosis
    "needs_suggested": _("Needs suggested"),
    "theme": _("Theme"),
    "suggested_at": _("Suggested on"),
    "needs_recorded": _("Needs recorded"),
    "snapshots_taken": _("Snapshots taken"),
    # Meetups, evaluation, private calendars
    "meetups": _("Meetups"),
    "registrations": _("Registrations"),
    "meetup": _("Meetup"),
    "guests": _("People coming with you"),
    "meetups_proposed": _("Meetups proposed"),
    "evaluation": _("Evaluation"),
    "feedback": _("Your feedback"),
    "about": _("About"),
    "subject": _("Subject"),
    "did_good": _("Did it do you good?"),
    "met_someone_new": _("Did you meet someone new?"),
    "sentence": _("A sentence, if you like"),
    "given_at": _("Given on"),
    # Lending, micro-initiatives, coordination group, evaluation
    "lending": _("Lending and sharing"),
    "objects_lent": _("Items you lend"),
    "in_catalogue": _("In the catalogue"),
    "bookings": _("Bookings"),
    "item": _("Item"),
    "until": _("Until"),
    "purpose": _("What for"),
    "waiting_list": _("Waiting lists"),
    "communication_requests": _("Requests for communication material"),
    "needed_by": _("Needed by"),
    "projects": _("Micro-initiatives"),
    "applications": _("Applications"),
    "call": _("Call"),
    "project": _("Project"),
    "amount_asked": _("Amount asked"),
    "amount_granted": _("Amount granted"),
    "members": _("Members"),
    "contact": _("Contact"),
    "mutual_aid": _("Mutual aid"),
    "statement": _("Statement"),
    "support_requests": _("Requests for support"),
    "topic": _("Topic"),
    "reviews": _("Reviews"),
    "comment": _("Comment"),
    "conflicts_of_interest": _("Conflicts of interest declared"),
    "mentor": _("Mentoring offered"),
    "diary_entries_written": _("Diary entries written"),
    "coordination": _("Coordination group"),
    "agenda_items_proposed": _("Agenda items proposed"),
    "actions": _("Actions"),
    "details": _("Details"),
    "done": _("Done"),
    "due": _("Due on"),
    "meeting": _("Meeting"),
    "meetings_attended": _("Meetings attended"),
    "meetings_facilitated": _("Meetings facilitated"),
    "minutes_written": _("Minutes written"),
    "documents_added": _("Documents added"),
    "questionnaires": _("Questionnaires"),
    "wave": _("Wave"),
    "answered_at": _("Answered on"),
    "entered_on_paper": _("Entered from paper"),
    "consent_given_on": _("Consent given on"),
    "knows_whom_to_ask_for_help": _("Knows whom to ask for help"),
    "feels_lonely": _("Feels lonely"),
    "contacts_outside_household_last_month": _("Contacts outside the household last month"),
    "trust": _("Trust"),
    "stories": _("Stories of change"),
    "story": _("Story"),
    "agreed_to_publish": _("Agreed to publish"),
    "published": _("Published"),
    "chosen_for_quarter": _("Chosen for the quarter"),
    "told_at": _("Told on"),
    "core": _("Calendars"),
    "private_calendars": _("Private calendar addresses"),
}

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}.*)?$")


def labels() -> dict:
    """LABELS, with those each app gives for its own export's keys (`LABELS` in its privacy.py)."""
    from entraide.core.discovery import app_modules

    merged = dict(LABELS)
    for module in app_modules("privacy"):
        merged.update(getattr(module, "LABELS", {}))
    return merged


def label(key, known: dict | None = None) -> str:
    return str((known if known is not None else labels()).get(key, str(key).replace("_", " ")))


def _value(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    if isinstance(value, str) and _ISO.match(value):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if "T" in value or " " in value:
            return formats.date_format(moment, "DATETIME_FORMAT")
        return formats.date_format(moment.date(), "DATE_FORMAT")
    return str(value)


@dataclass
class Node:
    """One entry of the page: a value, a set of labelled entries, or a list of them."""

    label: str = ""
    value: str = ""
    entries: list["Node"] = field(default_factory=list)
    items: list["Node"] = field(default_factory=list)
    is_list: bool = False


def readable(data, key=None, known: dict | None = None) -> Node:
    known = labels() if known is None else known
    node = Node(label=label(key, known) if key is not None else "")
    if isinstance(data, dict):
        node.entries = [readable(value, k, known) for k, value in data.items()]
    elif isinstance(data, list | tuple):
        node.is_list = True
        node.items = [readable(item, None, known) for item in data]
    else:
        node.value = _value(data)
    return node
