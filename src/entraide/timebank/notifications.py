"""The emails of the time bank, all in one place; texts in templates/timebank/email/.

Built and queued by `entraide.core.emails.send` in the transaction of the action (the
first line of a template is the subject). An assisted person has no email: the referents
of their commune are told instead, and answer for them. Each step of a dispute (disputed,
settled, rejected) is told to both people, and a new dispute to the referents who settle it.
"""

from django.urls import reverse

from entraide.core import emails
from entraide.people import rules as people_rules
from entraide.people.models import User

from .models import Claim, TimebankSettings


def _send(people, template: str, claim: Claim, **context) -> None:
    url = emails.absolute_url(claim.territory, claim.get_absolute_url())
    for person in people:
        emails.send(
            f"timebank/email/{template}",
            to=person,
            context={"claim": claim, "url": url, **context},
            territory=claim.territory,
        )


def _referents(person: User, claim: Claim):
    """Who answers for `person`: the referents of their commune, never one of the two people."""
    return people_rules.referents_of(person).exclude(pk__in=[claim.helper_id, claim.receiver_id])


def _both_sides(claim: Claim, *, with_referents: bool = False) -> list[User]:
    """The helper and the receiver (an assisted person's referents instead of them), and, if
    asked, the referents of the receiver's commune; each person once."""
    told: dict[int, User] = {}
    for person in (claim.helper, claim.receiver):
        for someone in _referents(person, claim) if person.is_assisted else [person]:
            told.setdefault(someone.pk, someone)
    if with_referents:
        for someone in _referents(claim.receiver, claim):
            told.setdefault(someone.pk, someone)
    return list(told.values())


def _about(claim: Claim) -> tuple[list[User], str, str]:
    """Who answers `claim`, which template suffix, and the page where they answer."""
    if claim.receiver.is_assisted:
        url = emails.absolute_url(claim.territory, reverse("timebank:desk_claims"))
        return list(_referents(claim.receiver, claim)), "_referent", url
    return [claim.receiver], "", emails.absolute_url(claim.territory, reverse("timebank:account"))


def claim_recorded(claim: Claim) -> None:
    """Help was recorded: the receiver (or an assisted receiver's referents) confirms or disputes."""
    people, suffix, url = _about(claim)
    for person in people:
        emails.send(
            f"timebank/email/claim_recorded{suffix}",
            to=person,
            context={"claim": claim, "url": url},
            territory=claim.territory,
        )


def claim_reminder(claim: Claim, timebank_settings: TimebankSettings) -> None:
    """Nobody answered after `reminder_days`: remind the receiver, or an assisted receiver's referents."""
    people, suffix, url = _about(claim)
    for person in people:
        emails.send(
            f"timebank/email/claim_reminder{suffix}",
            to=person,
            context={"claim": claim, "url": url, "days": timebank_settings.auto_confirm_days},
            territory=claim.territory,
        )


def claim_disputed(claim: Claim) -> None:
    """Both people, and the referents who will settle it, learn of the dispute and its reason."""
    _send(_both_sides(claim, with_referents=True), "claim_disputed", claim, reason=claim.dispute_reason)


def claim_settled(claim: Claim) -> None:
    """Both people learn the duration the referent settled for, and why."""
    _send(_both_sides(claim), "claim_settled", claim, reason=claim.decision_reason)


def claim_rejected(claim: Claim) -> None:
    """Both people learn that no hours move, and the referent's reason."""
    _send(_both_sides(claim), "claim_rejected", claim, reason=claim.decision_reason)
