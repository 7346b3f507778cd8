"""Who may do what in the evaluation: small predicates, tested as a role matrix."""

from entraide.people import rules as people_rules


def can_answer_survey(user, territory) -> bool:
    return user.is_authenticated and territory is not None and user.territory_id == territory.pk


def can_enter_on_paper(user, territory) -> bool:
    """Referents enter the questionnaires and stories people gave them on paper."""
    return people_rules.is_referent(user, territory)


def can_tell_story(user, territory) -> bool:
    return can_answer_survey(user, territory)


def can_steer(user, territory) -> bool:
    """The group that reads the stories, picks one each quarter and publishes those agreed to:
    the referents and coordinators."""
    return people_rules.is_referent(user, territory) or people_rules.is_coordinator(user, territory)
