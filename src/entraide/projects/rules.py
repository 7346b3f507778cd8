"""Who may do what with calls for projects: small predicates over `entraide.people.rules`.

Anyone with an account applies and asks for support. Reviewers are the coordination group: the
coordinators and the referents of the territory (and its administrators). A reviewer who
declared a conflict of interest on a project neither sees its review page nor decides on it.
Referents run the programme: open calls, enter paper applications, record payments, follow
support requests, write guides, track funding lines.
"""

from entraide.people import rules as people_rules
from entraide.territories.models import Territory

from .enums import ProjectStatus, SupportStatus
from .models import ConflictOfInterest, Mentor, Project, SupportRequest


def is_reviewer(user, territory: Territory) -> bool:
    return people_rules.is_coordinator(user, territory) or people_rules.is_referent(user, territory)


def runs_programme(user, territory: Territory) -> bool:
    return people_rules.is_referent(user, territory)


def can_apply(user, territory: Territory) -> bool:
    return user.is_authenticated and not user.is_assisted and user.territory_id == territory.pk


def conflicted_project_ids(user, territory: Territory) -> set[int]:
    """The projects `user` declared a conflict on (loaded once per user object)."""
    if not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_project_conflicts", {})
    if territory.pk not in cache:
        cache[territory.pk] = set(
            ConflictOfInterest.objects.in_territory(territory)
            .filter(reviewer=user)
            .values_list("project_id", flat=True)
        )
    return cache[territory.pk]


def has_conflict(user, territory: Territory, project: Project) -> bool:
    return project.pk in conflicted_project_ids(user, territory)


def can_review(user, territory: Territory, project: Project) -> bool:
    return (
        project.status != ProjectStatus.DRAFT
        and is_reviewer(user, territory)
        and not has_conflict(user, territory, project)
        and project.applicant_id != user.pk
    )


def can_decide(user, territory: Territory, project: Project) -> bool:
    return project.status == ProjectStatus.SUBMITTED and can_review(user, territory, project)


def can_edit_application(user, project: Project) -> bool:
    return project.status == ProjectStatus.DRAFT and user.is_authenticated and project.applicant_id == user.pk


def can_write_diary(user, territory: Territory, project: Project) -> bool:
    if not project.is_granted or not user.is_authenticated:
        return False
    return project.applicant_id == user.pk or runs_programme(user, territory)


def mentor_of(user, territory: Territory) -> Mentor | None:
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_project_mentor", {})
    if territory.pk not in cache:
        cache[territory.pk] = Mentor.objects.filter(territory=territory, person=user, is_active=True).first()
    return cache[territory.pk]


def can_follow(user, territory: Territory, support: SupportRequest) -> bool:
    """The referents follow every request; a mentor the ones given to them."""
    if runs_programme(user, territory):
        return True
    mentor = mentor_of(user, territory)
    return mentor is not None and support.mentor_id == mentor.pk


def can_see_support(user, territory: Territory, support: SupportRequest) -> bool:
    return support.requester_id == user.pk or can_follow(user, territory, support)


def can_close_support(user, territory: Territory, support: SupportRequest) -> bool:
    return support.status != SupportStatus.DONE and can_follow(user, territory, support)
