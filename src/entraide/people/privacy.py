"""What the people app holds about a person, for export and erasure (RGPD).

Every app may have a `privacy.py` with `export(person) -> dict` and
`erase(person) -> None`; `people.services` calls them all.
"""

from .models import User


def export(person: User) -> dict:
    return {
        "profile": {
            "display_name": person.display_name,
            "email": person.email,
            "commune": person.commune.name if person.commune_id else None,
            "neighbourhood": person.neighbourhood.name if person.neighbourhood_id else None,
            "phone": person.phone,
            "age_bracket": person.age_bracket,
            "presentation": person.presentation,
            "can_help_with": person.can_help_with,
            "date_joined": person.date_joined.isoformat(),
            "assisted_person": person.is_assisted,
        },
        "roles": [str(role) for role in person.roles.select_related("commune")],
        "consents": [
            {"given_on": c.given_on.isoformat(), "method": c.get_method_display(), "note": c.note}
            for c in person.consents.all()
        ],
        "entered_on_their_behalf": [
            {"date": a.created_at.isoformat(), "by": a.referent.display_name, "what": a.summary}
            for a in person.proxy_actions.select_related("referent")
        ],
    }


def erase(person: User) -> None:
    person.consents.all().delete()
    person.roles.all().delete()
