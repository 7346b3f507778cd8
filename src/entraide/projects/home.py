"""What micro-initiatives add to the personal home and to the desk overview (entraide.core.home)."""

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.core.home import Item, Section, first_items

from . import rules
from .enums import SupportStatus
from .models import ConflictOfInterest, Project, Review, SupportRequest


def personal(request: HttpRequest) -> list[Section]:
    territory = request.territory
    mine = reverse("projects:mine")
    applications, applications_count = first_items(
        Project.objects.in_territory(territory)
        .filter(applicant=request.user)
        .select_related("call")
        .order_by("-created_at", "pk"),
        lambda p: Item(
            label=p.title,
            url=reverse("projects:edit_application", kwargs={"public_id": p.public_id})
            if p.status == "draft"
            else mine,
            detail=f"{p.call.title} · {p.get_status_display()}",
        ),
    )
    supports, supports_count = first_items(
        SupportRequest.objects.in_territory(territory)
        .filter(requester=request.user)
        .exclude(status=SupportStatus.DONE)
        .order_by("-created_at", "pk"),
        lambda s: Item(label=s.get_topic_display(), url=s.get_absolute_url(), detail=s.get_status_display()),
    )
    sections = []
    if applications_count:
        sections.append(
            Section(
                title=_("My applications"), url=mine, items=applications, count=applications_count, order=70
            )
        )
    if supports_count:
        sections.append(
            Section(
                title=_("My requests for support"), url=mine, items=supports, count=supports_count, order=71
            )
        )
    mentored, mentored_count = first_items(
        SupportRequest.objects.in_territory(territory)
        .filter(mentor__person=request.user, status=SupportStatus.FOLLOWED)
        .select_related("requester")
        .order_by("created_at", "pk"),
        lambda s: Item(
            label=f"{s.get_topic_display()} · {s.requester.display_name}",
            url=s.get_absolute_url(),
            detail=s.created_at.strftime("%d/%m/%Y"),
        ),
    )
    if mentored_count:
        sections.append(
            Section(
                title=_("Projects I support as a mentor"),
                url=mentored[0].url,
                items=mentored,
                count=mentored_count,
                waiting=True,
                order=72,
            )
        )
    return sections


def desk(request: HttpRequest) -> list[Section]:
    territory, user = request.territory, request.user
    if not rules.is_reviewer(user, territory):
        return []
    conflicts = ConflictOfInterest.objects.filter(reviewer=user, project=OuterRef("pk"))
    reviewed = Review.objects.filter(reviewer=user, project=OuterRef("pk"))
    to_review, to_review_count = first_items(
        Project.objects.in_territory(territory)
        .to_review()
        .exclude(Exists(conflicts))
        .exclude(Exists(reviewed))
        .exclude(applicant=user)
        .select_related("call")
        .order_by("submitted_at", "pk"),
        lambda p: Item(
            label=p.title,
            url=reverse("projects:review", kwargs={"public_id": p.public_id}),
            detail=p.call.title,
        ),
    )
    sections = [
        Section(
            title=_("Applications to review"),
            url=reverse("projects:desk"),
            items=to_review,
            count=to_review_count,
            waiting=True,
            order=70,
        )
    ]
    if rules.runs_programme(user, territory):
        supports, supports_count = first_items(
            SupportRequest.objects.in_territory(territory)
            .filter(status=SupportStatus.OPEN)
            .select_related("requester")
            .order_by("created_at", "pk"),
            lambda s: Item(
                label=f"{s.get_topic_display()} · {s.requester.display_name}",
                url=s.get_absolute_url(),
                detail=s.created_at.strftime("%d/%m/%Y"),
            ),
        )
        sections.append(
            Section(
                title=_("Support requests without a mentor"),
                url=reverse("projects:support_desk"),
                items=supports,
                count=supports_count,
                waiting=True,
                order=71,
            )
        )
    return sections
