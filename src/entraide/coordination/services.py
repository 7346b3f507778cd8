"""What the coordination group does, one transaction each; bad input raises a French ValidationError."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from entraide.core import emails
from entraide.people.models import Role, User
from entraide.territories.models import Territory

from . import rules
from .enums import MeetingStatus, Rhythm
from .models import Action, AgendaItem, Attendance, Decision, Document, Meeting, Minutes, Term

AGENDA_DAYS_BEFORE = 3  # the agenda goes out this many days before the meeting


def when(meeting: Meeting) -> str:
    """ "mardi 8 décembre 2026, 18:30", to write inside a sentence (templates use capfirst to start one)."""
    text = date_format(timezone.localtime(meeting.starts_at), "l j F Y, H:i")
    return text[:1].lower() + text[1:]


def span(meeting: Meeting) -> str:
    """ "mardi 8 décembre 2026, de 18:30 à 20:30": `when` with the end (two hours when not given)."""
    start = timezone.localtime(meeting.starts_at)
    day = date_format(start, "l j F Y")
    return _("%(day)s, from %(start)s to %(end)s") % {
        "day": day[:1].lower() + day[1:],
        "start": time_format(start, "H:i"),
        "end": time_format(timezone.localtime(meeting.end), "H:i"),
    }


def _member(territory: Territory, person: User | None, message: str) -> User:
    if person is None or not rules.members(territory).filter(pk=person.pk).exists():
        raise ValidationError(message)
    return person


# Meetings ---------------------------------------------------------------------------------


def next_in_turn(territory: Territory, after: User | None = None) -> User | None:
    """The member who facilitates next: the one after `after` in the group's order (by name),
    or, without `after`, after the facilitator of the latest meeting."""
    if after is None:
        latest = (
            Meeting.objects.in_territory(territory)
            .filter(facilitator__isnull=False)
            .order_by("-starts_at")
            .values_list("facilitator_id", flat=True)
            .first()
        )
    else:
        latest = after.pk
    people = list(rules.members(territory).only("pk", "display_name"))
    if not people:
        return None
    ids = [p.pk for p in people]
    if latest in ids:
        return people[(ids.index(latest) + 1) % len(people)]
    return people[0]


def next_date(starts_at: datetime.datetime, rhythm: str) -> datetime.datetime:
    """The next date in `rhythm`, at the same local time; monthly: the same weekday and rank
    (the 2nd Tuesday), or the last such weekday when the month has no fifth one."""
    local = timezone.localtime(starts_at)
    if rhythm == Rhythm.WEEKLY:
        day = local.date() + datetime.timedelta(weeks=1)
    elif rhythm == Rhythm.FORTNIGHTLY:
        day = local.date() + datetime.timedelta(weeks=2)
    elif rhythm == Rhythm.MONTHLY:
        rank = (local.day - 1) // 7
        year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
        first = datetime.date(year, month, 1)
        day = first + datetime.timedelta(days=(local.weekday() - first.weekday()) % 7 + 7 * rank)
        if day.month != month:
            day -= datetime.timedelta(weeks=1)
    else:
        raise ValidationError(_("This meeting is not periodic: choose the next date yourself."))
    return datetime.datetime.combine(day, local.time(), tzinfo=local.tzinfo)


@transaction.atomic
def plan_meeting(
    territory: Territory,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    place: str,
    facilitator: User | None,
    rhythm: str = "",
) -> Meeting:
    """Plan a meeting; without `ends_at`, it counts as lasting `Meeting.DEFAULT_LENGTH`."""
    _member(territory, facilitator, _("The facilitator must be a member of the group."))
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError(_("The end comes before the start: check the times."))
    if Meeting.objects.in_territory(territory).filter(starts_at=starts_at).exists():
        raise ValidationError(_("A meeting is already planned at this date and time."))
    try:
        with transaction.atomic():
            return Meeting.objects.create(
                territory=territory,
                starts_at=starts_at,
                ends_at=ends_at,
                place=place,
                facilitator=facilitator,
                rhythm=rhythm,
            )
    except IntegrityError as error:
        raise ValidationError(_("A meeting is already planned at this date and time.")) from error


def plan_next(meeting: Meeting) -> Meeting:
    """The next meeting in the rhythm, same place and length, with the next facilitator in turn."""
    starts_at = next_date(meeting.starts_at, meeting.rhythm)
    facilitator = next_in_turn(meeting.territory, after=meeting.facilitator)
    return plan_meeting(
        meeting.territory,
        starts_at=starts_at,
        ends_at=starts_at + (meeting.ends_at - meeting.starts_at) if meeting.ends_at else None,
        place=meeting.place,
        facilitator=facilitator,
        rhythm=meeting.rhythm,
    )


def next_meeting(territory: Territory) -> Meeting | None:
    """The first planned meeting that has not ended yet (a meeting lasts at most the day)."""
    start_of_today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        Meeting.objects.in_territory(territory)
        .filter(status=MeetingStatus.PLANNED, starts_at__gte=start_of_today)
        .select_related("facilitator")
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def propose_item(meeting: Meeting, *, by: User, title: str, details: str = "") -> AgendaItem:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_planned:
        raise ValidationError(_("This meeting has been held: propose your item for the next one."))
    return AgendaItem.objects.create(meeting=meeting, title=title, details=details, proposed_by=by)


@transaction.atomic
def change_item(item: AgendaItem, *, title: str, details: str = "") -> AgendaItem:
    """Correct an agenda item while the meeting is planned."""
    _planned(item.meeting_id)
    item.title, item.details = title, details
    item.save(update_fields=["title", "details"])
    return item


@transaction.atomic
def withdraw_item(item: AgendaItem) -> None:
    _planned(item.meeting_id)
    item.delete()


def _planned(meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if not meeting.is_planned:
        raise ValidationError(_("This meeting has been held: its agenda stays as it was."))
    return meeting


@transaction.atomic
def record_attendance(meeting: Meeting, present: list[User]) -> None:
    allowed = set(rules.members(meeting.territory).values_list("pk", flat=True))
    already = set(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    wanted = {person.pk for person in present}
    if wanted - allowed - already:
        raise ValidationError(_("Only members of the group can be marked present."))
    Attendance.objects.filter(meeting=meeting).exclude(person_id__in=wanted).delete()
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, person_id=pk) for pk in sorted(wanted - already)]
    )


# Minutes: a draft is rewritten; an approved version never is ------------------------------


def current_minutes(meeting: Meeting) -> Minutes | None:
    return meeting.minutes.order_by("-version").first()


@transaction.atomic
def save_minutes(meeting: Meeting, *, text: str, by: User) -> Minutes:
    """Write the minutes: the draft is updated; after approval, a new version starts."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not text.strip():
        raise ValidationError(_("The minutes are empty."))
    latest = current_minutes(meeting)
    if latest is not None and not latest.approved:
        latest.text, latest.written_by, latest.updated_at = text, by, timezone.now()
        latest.save(update_fields=["text", "written_by", "updated_at"])
        return latest
    version = (meeting.minutes.aggregate(v=Max("version"))["v"] or 0) + 1
    return Minutes.objects.create(meeting=meeting, version=version, text=text, written_by=by)


@transaction.atomic
def approve_minutes(meeting: Meeting, *, by: User) -> Minutes:
    """Approve the draft: the meeting is held, the minutes are emailed to the members."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    latest = current_minutes(meeting)
    if latest is None or latest.approved:
        raise ValidationError(_("There is no draft of the minutes to approve."))
    latest.approved_at, latest.approved_by = timezone.now(), by
    latest.save(update_fields=["approved_at", "approved_by"])
    if meeting.status != MeetingStatus.HELD:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    _email_members(meeting, "coordination/email/minutes", {"minutes": latest})
    return latest


# Decisions and actions --------------------------------------------------------------------


@transaction.atomic
def add_decision(meeting: Meeting, *, text: str) -> Decision:
    return Decision.objects.create(meeting=meeting, text=text)


@transaction.atomic
def add_action(
    territory: Territory,
    *,
    title: str,
    owner: User | None,
    due_on: datetime.date | None = None,
    meeting: Meeting | None = None,
    by: User,
) -> Action:
    if owner is None:
        raise ValidationError(_("An action needs someone who takes it on: choose a member of the group."))
    _member(territory, owner, _("The person who takes on an action must be a member of the group."))
    return Action.objects.create(
        territory=territory, meeting=meeting, title=title, owner=owner, due_on=due_on, created_by=by
    )


def _not_approved(meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if rules.has_approved_minutes(meeting):
        raise ValidationError(
            _(
                "The minutes of this meeting are approved: its decisions and actions stay as they are "
                "(an action can still be marked done or opened again)."
            )
        )
    return meeting


@transaction.atomic
def correct_decision(decision: Decision, *, text: str) -> Decision:
    _not_approved(decision.meeting_id)
    decision.text = text
    decision.save(update_fields=["text"])
    return decision


@transaction.atomic
def remove_decision(decision: Decision) -> None:
    _not_approved(decision.meeting_id)
    decision.delete()


@transaction.atomic
def correct_action(
    action: Action, *, title: str, owner: User | None, due_on: datetime.date | None = None
) -> Action:
    """Correct an action: one decided at a meeting until its minutes are approved, an item of the
    to-do list (no meeting) at any time."""
    if action.meeting_id is not None:
        _not_approved(action.meeting_id)
    if not Action.objects.select_for_update().filter(pk=action.pk).exists():
        raise ValidationError(_("This action has just been removed by someone else."))
    if owner is None:
        raise ValidationError(_("An action needs someone who takes it on: choose a member of the group."))
    _member(action.territory, owner, _("The person who takes on an action must be a member of the group."))
    action.title, action.owner, action.due_on = title, owner, due_on
    action.save(update_fields=["title", "owner", "due_on"])
    return action


@transaction.atomic
def remove_action(action: Action) -> None:
    """Remove an action: of a meeting until its minutes are approved; of the to-do list at any time."""
    if action.meeting_id is not None:
        _not_approved(action.meeting_id)
    action.delete()


@transaction.atomic
def tick(action: Action, *, done: bool) -> Action:
    action.done_at = timezone.now() if done else None
    action.save(update_fields=["done_at"])
    return action


# Documents and terms -----------------------------------------------------------------------


@transaction.atomic
def save_document(document: Document, *, by: User) -> Document:
    if not document.url and not document.text.strip():
        raise ValidationError(_("Give a link or a text."))
    document.added_by = document.added_by or by
    document.updated_at = timezone.now()
    document.save()
    return document


def member_roles(person: User, territory: Territory) -> list[Role]:
    return list(
        Role.objects.in_territory(territory)
        .filter(user=person, kind__in=rules.MEMBER_ROLES)
        .select_related("commune", "coordination_term")
        .order_by("kind", "commune__name", "pk")
    )


@transaction.atomic
def save_term(term: Term) -> Term:
    if term.ends_on and term.review_on and term.ends_on < term.review_on - datetime.timedelta(days=366):
        raise ValidationError(_("The term ends more than a year before its review: check the dates."))
    term.full_clean(exclude=["role", "territory"])
    term.save()
    return term


def a_year_from_today() -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


@transaction.atomic
def mark_reviewed(term: Term) -> Term:
    """The yearly review is done: the next one is in a year."""
    term.review_on = a_year_from_today()
    term.save(update_fields=["review_on"])
    return term


def terms(territory: Territory) -> list[tuple[Role, Term | None]]:
    """Each member role of the territory with its term, by name: one query."""
    roles = (
        Role.objects.in_territory(territory)
        .filter(kind__in=rules.MEMBER_ROLES, user__is_active=True)
        .select_related("user", "commune", "coordination_term__represents")
        .order_by("user__display_name", "kind", "pk")
    )
    return [(role, getattr(role, "coordination_term", None)) for role in roles]


# Emails ------------------------------------------------------------------------------------


def _email_members(meeting: Meeting, template: str, context: dict) -> int:
    url = emails.absolute_url(meeting.territory, meeting.get_absolute_url())
    items = list(meeting.agenda_items.all())
    open_actions = list(Action.objects.still_open_at(meeting).open().select_related("owner"))
    sent = 0
    for person in rules.members(meeting.territory).exclude(email=None):
        message = emails.send(
            template,
            to=person,
            territory=meeting.territory,
            context={
                "person": person,
                "meeting": meeting,
                "when": when(meeting),
                "items": items,
                "open_actions": open_actions,
                "meeting_url": url,
                **context,  # the caller's own, first of all its `when`
            },
        )
        sent += message is not None
    return sent


@transaction.atomic
def send_agenda(meeting: Meeting) -> int:
    """Email the agenda to the members, once: a second call sends nothing."""
    meeting = Meeting.objects.select_for_update().select_related("territory").get(pk=meeting.pk)
    if meeting.agenda_sent_at is not None or not meeting.is_planned:
        return 0
    meeting.agenda_sent_at = timezone.now()
    meeting.save(update_fields=["agenda_sent_at"])
    # The agenda says when the meeting ends too (`span`), without a variable of its own.
    return _email_members(meeting, "coordination/email/agenda", {"when": span(meeting)})


def send_due_agendas(now: datetime.datetime | None = None) -> int:
    """The agendas of meetings in the next days not sent yet (every territory): how many meetings."""
    now = now or timezone.now()
    due = Meeting.objects.filter(
        status=MeetingStatus.PLANNED,
        agenda_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(days=AGENDA_DAYS_BEFORE),
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        send_agenda(Meeting(pk=pk))
        count += 1
    return count
