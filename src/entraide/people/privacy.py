"""What the people app holds about a person, for export and erasure (RGPD).

Every app that stores personal data has a `privacy.py` with:
- `export(person) -> dict`: what it holds about them, for their download;
- `erase(person) -> None`: delete or anonymise its rows, keeping what others' records need;
- `COVERS`: each field (`"app_label.Model.field"`) of any model that points at a person or holds
  their text, with what erasure does with it. `tests/people/test_privacy_coverage.py` walks every
  model and fails on a field no app declares, like the territory isolation test.

`people.services.export_personal_data` and `erase_person` call them all, in the order of
INSTALLED_APPS, people first; `erase_person` then anonymises the account row itself. This module
also covers what Django and allauth store about a person (email addresses, the admin's log).
"""

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext
from post_office.models import Email

from .models import User

_ANONYMISED = "anonymised by people.services.erase_person"

COVERS = {
    "people.User.email": f"{_ANONYMISED}: none",
    "people.User.display_name": f"{_ANONYMISED}: “Former resident”",
    "people.User.phone": f"{_ANONYMISED}: emptied",
    "people.User.presentation": f"{_ANONYMISED}: emptied",
    "people.User.can_help_with": f"{_ANONYMISED}: emptied",
    "people.User.help_categories": "cleared: the person leaves “Who can help?” (listed_as_helper off)",
    "people.User.password": f"{_ANONYMISED}: unusable",
    "people.Role.user": "deleted",
    "people.Consent.person": "deleted",
    "people.Consent.note": "deleted with the consent",
    "people.Consent.recorded_by": "kept, pointing at the anonymised account (the assisted person's record)",
    "people.ProxyAction.person": "kept: what was done for them, in words the application wrote",
    "people.ProxyAction.referent": "kept, pointing at the anonymised account (accountability)",
    "people.ProxyAction.summary": "written by the application (“profile updated”…), not by a person",
    "account.EmailAddress.user": "deleted",
    "account.EmailAddress.email": "deleted with the row",
    "post_office.Email.to": "emails still queued or kept (30 days) for the person's address: deleted",
    "admin.LogEntry.user": "kept, pointing at the anonymised account (the administrators' record)",
    "admin.LogEntry.object_repr": "the name of an erased person replaced in entries about them",
    "admin.LogEntry.change_message": "field names only (“Changed phone.”), never values",
    "admin.LogEntry.object_id": "a row number",
}


def _about(person: User):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)
    )


def export(person: User) -> dict:
    return {
        "profile": {
            "display_name": person.display_name,
            "email": person.email,
            "commune": person.commune.name if person.commune_id else None,
            "neighbourhood": person.neighbourhood.name if person.neighbourhood_id else None,
            "phone": person.phone,
            "age_bracket": person.get_age_bracket_display(),
            "language": person.language,
            "presentation": person.presentation,
            "can_help_with": person.can_help_with,
            "listed_as_helper": person.listed_as_helper,
            "help_categories": [c.name for c in person.help_categories.order_by("position", "name")],
            "date_joined": person.date_joined.isoformat(),
            "last_login": person.last_login.isoformat() if person.last_login else None,
            "assisted_person": person.is_assisted,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=person).order_by("pk")
        ],
        "roles": [str(role) for role in person.roles.select_related("commune")],
        "consents": [
            {"given_on": c.given_on.isoformat(), "method": c.get_method_display(), "note": c.note}
            for c in person.consents.all()
        ],
        "entered_on_their_behalf": [
            {"date": a.created_at.isoformat(), "by": a.referent.display_name, "what": a.summary}
            for a in person.proxy_actions.select_related("referent")
        ],
        "entered_for_others": [
            {"date": a.created_at.isoformat(), "for": a.person.display_name, "what": a.summary}
            for a in person.proxy_actions_done.select_related("person")
        ],
        "changes_in_the_administration": [
            {"date": e.action_time.isoformat(), "what": str(e)}
            for e in LogEntry.objects.filter(user=person).order_by("action_time")
        ],
    }


def erase(person: User) -> None:
    person.consents.all().delete()
    person.roles.all().delete()
    person.groups.clear()
    person.user_permissions.clear()
    EmailAddress.objects.filter(user=person).delete()
    if person.email:  # the outgoing queue keeps sent emails 30 days: none stays for them
        Email.objects.filter(to__icontains=person.email).delete()
    _about(person).update(object_repr=gettext("Former resident"))
    person.help_categories.clear()
    person.listed_as_helper = False  # saved with the anonymised row by erase_person
    person.last_login = None
