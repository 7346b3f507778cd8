"""Multi-step operations on calls for projects, each in one transaction.

The envelope: `decide` locks the call's row (`select_for_update`), sums again what its projects
were granted, and refuses an amount that would pass the envelope with a French message. The sum
is written on the call's row, where a check constraint refuses anything above the envelope: two
reviewers deciding at the same moment wait for each other, and the second one is refused.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from entraide.core import emails
from entraide.people import rules as people_rules

from . import rules
from .enums import DECIDED, GRANTED, ProjectStatus, SupportStatus
from .models import (
    Call,
    ConflictOfInterest,
    DiaryEntry,
    Guide,
    Mentor,
    Payment,
    Project,
    Review,
    SupportRequest,
)

# Addresses under /projets/ a project's slug must not take.
RESERVED = {"appels", "accompagnement", "guides", "mes-candidatures", "candidatures", "donnees"}


def _free_slug(model, instance, title: str, fallback: str) -> str:
    base = slugify(title)[:60].strip("-") or fallback
    taken = set(
        model.objects.in_territory(instance.territory)
        .filter(slug__startswith=base)
        .exclude(pk=instance.pk)
        .values_list("slug", flat=True)
    ) | (RESERVED if model is Project else set())
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def euros(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u202f") + "\u00a0€"


# Calls ------------------------------------------------------------------------------------


@transaction.atomic
def open_call(call: Call, *, by) -> Call:
    call.territory = by.territory
    call.created_by = by
    call.slug = _free_slug(Call, call, call.title, "appel")
    call.full_clean(exclude=["slug", "territory", "created_by"])
    call.save()
    return call


@transaction.atomic
def update_call(call: Call) -> Call:
    """Save a call's changes; the envelope never drops below what is already granted."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if call.envelope < locked.granted:
        raise ValidationError(
            _("%(granted)s are already granted: the envelope cannot be less.")
            % {"granted": euros(locked.granted)}
        )
    call.granted = locked.granted
    call.save()
    return call


# Applications -----------------------------------------------------------------------------


def check_application(project: Project, *, today: datetime.date | None = None) -> None:
    """The rules of the call an application must keep, in French (raised as ValidationError)."""
    call = project.call
    today = today or timezone.localdate()
    if today > call.closes_on:
        raise ValidationError(
            _("This call closed on %(date)s: applications are no longer accepted.")
            % {"date": call.closes_on.strftime("%d/%m/%Y")}
        )
    if today < call.opens_on:
        raise ValidationError(
            _("This call opens on %(date)s: come back then.") % {"date": call.opens_on.strftime("%d/%m/%Y")}
        )
    if project.amount_asked > call.max_per_project:
        raise ValidationError(
            _("This call grants at most %(max)s a project: ask for %(max)s or less.")
            % {"max": euros(call.max_per_project)}
        )
    if project.holder not in call.allowed_holders():
        raise ValidationError(_("This call is open to: %(who)s.") % {"who": ", ".join(call.holders())})


@transaction.atomic
def save_application(project: Project, *, by, submit: bool) -> Project:
    """Save a draft (checked only for the call's dates) or submit it (checked in full)."""
    project.territory_id = project.call.territory_id
    if project.applicant_id is None and project.entered_by_id is None:
        project.applicant = by
    if submit:
        check_application(project)
        project.status = ProjectStatus.SUBMITTED
        project.submitted_at = timezone.now()
    elif project.call.closes_on < timezone.localdate():
        raise ValidationError(_("This call is closed: a draft can no longer be saved."))
    if not project.slug:
        project.slug = _free_slug(Project, project, project.title, "projet")
    project.save()
    if submit:
        _tell_applicant(project, "projects/email/submitted")
    return project


@transaction.atomic
def enter_on_paper(project: Project, *, by, consent: str) -> Project:
    """A referent types an application received on paper, with the applicant's consent."""
    project.entered_by = by
    project.consent = consent
    project.territory_id = project.call.territory_id
    check_application(project)
    project.status = ProjectStatus.SUBMITTED
    project.submitted_at = timezone.now()
    project.slug = _free_slug(Project, project, project.title, "projet")
    project.save()
    return project


# Review -----------------------------------------------------------------------------------


@transaction.atomic
def declare_conflict(project: Project, *, reviewer, reason: str = "") -> ConflictOfInterest:
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        project=project, reviewer=reviewer, defaults={"reason": reason}
    )
    Review.objects.filter(project=project, reviewer=reviewer).delete()
    reviewer.__dict__.pop("_project_conflicts", None)
    return conflict


@transaction.atomic
def save_review(review: Review, *, reviewer) -> Review:
    if not rules.can_review(reviewer, review.project.territory, review.project):
        raise ValidationError(_("You declared a conflict of interest on this project: you cannot review it."))
    review.reviewer = reviewer
    review.updated_at = timezone.now()
    review.save()
    return review


@transaction.atomic
def decide(
    project: Project,
    *,
    by,
    status: str,
    statement: str,
    granted_amount: int | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Project:
    """Accept (with an amount and dates), accept with changes, or refuse; tell the applicant.

    The call's row is locked first, so decisions on one call are made one after the other.
    """
    call = Call.objects.select_for_update().get(pk=project.call_id)
    project = Project.objects.select_for_update().select_related("call", "territory").get(pk=project.pk)
    territory = project.territory
    if rules.has_conflict(by, territory, project):
        raise ValidationError(
            _("You declared a conflict of interest on this project: you cannot decide on it.")
        )
    if project.status != ProjectStatus.SUBMITTED:
        raise ValidationError(_("This project was already decided on, or is not submitted."))
    if status not in DECIDED:
        raise ValidationError(_("Choose a decision."))
    if not (statement or "").strip():
        raise ValidationError(_("Write the public statement: every decision says why."))
    if status in GRANTED:
        if not granted_amount or granted_amount <= 0:
            raise ValidationError(_("Give the amount granted, in whole euros, above zero."))
        if granted_amount > call.max_per_project:
            raise ValidationError(
                _("This call grants at most %(max)s a project.") % {"max": euros(call.max_per_project)}
            )
        if not starts_on or not ends_on:
            raise ValidationError(
                _("Give the dates the project starts and ends: an accepted project has dates.")
            )
        if ends_on < starts_on:
            raise ValidationError(_("The project cannot end before it starts."))
        granted = Project.objects.filter(call=call, status__in=GRANTED)
        already = granted.aggregate(total=Sum("granted_amount"))["total"] or 0
        if already + granted_amount > call.envelope:
            raise ValidationError(
                _(
                    "Granting %(amount)s would pass the envelope of %(envelope)s: %(granted)s are already "
                    "granted, %(left)s remain. Grant less, or refuse."
                )
                % {
                    "amount": euros(granted_amount),
                    "envelope": euros(call.envelope),
                    "granted": euros(already),
                    "left": euros(call.envelope - already),
                }
            )
        project.granted_amount = granted_amount
        project.starts_on, project.ends_on = starts_on, ends_on
        call.granted = already + granted_amount
        call.save(update_fields=["granted"])
    else:
        project.granted_amount = None
        project.starts_on = project.ends_on = None
    project.status = status
    project.statement = statement.strip()
    project.decided_by = by
    project.decided_at = timezone.now()
    project.save()
    _tell_applicant(project, "projects/email/decided")
    return project


def _tell_applicant(project: Project, template: str) -> None:
    if project.applicant_id is None:
        return
    emails.send(
        template,
        to=project.applicant,
        territory=project.territory,
        context={
            "project": project,
            "project_url": emails.absolute_url(project.territory, project.get_absolute_url()),
            "call_url": emails.absolute_url(project.territory, project.call.get_absolute_url()),
            "amount": euros(project.granted_amount) if project.granted_amount else "",
        },
    )


# Follow-up --------------------------------------------------------------------------------


@transaction.atomic
def write_diary(entry: DiaryEntry, *, by) -> DiaryEntry:
    if not entry.project.is_granted:
        raise ValidationError(_("Only a funded project keeps a diary."))
    if entry.final and entry.participants is None:
        raise ValidationError(_("The final note says how many people took part."))
    entry.author = by
    entry.save()
    return entry


@transaction.atomic
def record_payment(payment: Payment, *, by) -> Payment:
    project = Project.objects.select_for_update().get(pk=payment.project_id)
    if not project.is_granted:
        raise ValidationError(_("Only a funded project receives payments."))
    paid = project.payments.aggregate(total=Sum("amount"))["total"] or 0
    if payment.amount is None or payment.amount <= 0:
        raise ValidationError(_("Give an amount in whole euros, above zero."))
    if paid + payment.amount > project.granted_amount:
        raise ValidationError(
            _("%(paid)s are already paid out of %(granted)s granted: at most %(left)s can still be paid.")
            % {
                "paid": euros(paid),
                "granted": euros(project.granted_amount),
                "left": euros(project.granted_amount - paid),
            }
        )
    payment.recorded_by = by
    payment.save()
    return payment


# Support ----------------------------------------------------------------------------------


@transaction.atomic
def ask_support(support: SupportRequest, *, by) -> SupportRequest:
    support.territory = by.territory
    support.requester = by
    support.commune_id = support.commune_id or by.commune_id
    support.save()
    context = {
        "support": support,
        "follow_url": emails.absolute_url(support.territory, support.get_absolute_url()),
    }
    told = set()
    mentors = Mentor.objects.in_territory(support.territory).filter(is_active=True).select_related("person")
    recipients = list(people_rules.referents_of(by)) + [m.person for m in mentors]
    for person in recipients:
        if person.pk not in told and person.pk != by.pk:
            told.add(person.pk)
            emails.send("projects/email/support_new", to=person, territory=support.territory, context=context)
    return support


@transaction.atomic
def follow_support(
    support: SupportRequest, *, by, mentor: Mentor | None, note: str, done: bool
) -> SupportRequest:
    support = SupportRequest.objects.select_for_update().get(pk=support.pk)
    if support.status == SupportStatus.DONE:
        raise ValidationError(_("This request is already done."))
    newly_given = mentor is not None and mentor.pk != support.mentor_id
    if mentor is not None:
        support.mentor = mentor
    if note.strip():
        stamp = timezone.localdate().strftime("%d/%m/%Y")
        line = f"{stamp} · {by.display_name} : {note.strip()}"
        support.follow_up = f"{support.follow_up}\n{line}".strip()
    if done:
        support.status = SupportStatus.DONE
        support.done_at = timezone.now()
    elif support.mentor_id:
        support.status = SupportStatus.FOLLOWED
    support.save()
    context = {
        "support": support,
        "follow_url": emails.absolute_url(support.territory, support.get_absolute_url()),
    }
    territory = support.territory
    if newly_given:
        emails.send("projects/email/support_mentor", to=mentor.person, territory=territory, context=context)
    if done:
        emails.send("projects/email/support_done", to=support.requester, territory=territory, context=context)
    return support


# Guides -----------------------------------------------------------------------------------


@transaction.atomic
def save_guide(guide: Guide, *, by) -> Guide:
    guide.territory = by.territory
    guide.written_by = by
    guide.updated_at = timezone.now()
    if not guide.slug:
        guide.slug = _free_slug(Guide, guide, guide.title, "guide")
    guide.save()
    return guide
