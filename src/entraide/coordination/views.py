"""The coordination group's space, members only; every page works without JavaScript, on a phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.core import calendars
from entraide.core.forms import posted
from entraide.core.pdf import render_pdf
from entraide.core.permissions import check_request
from entraide.directory.models import Initiative
from entraide.territories.scoping import get_scoped_or_404

from . import feeds, rules, services
from .forms import (
    ActionForm,
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    DocumentForm,
    MeetingForm,
    MinutesForm,
    TermForm,
)
from .models import Action, AgendaItem, Attendance, Decision, Document, Meeting, Term

LIST_LIMIT = 100
PAGE_SIZE = 25

members_only = check_request(rules.is_member)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _meeting(request: HttpRequest, public_id) -> Meeting:
    return get_scoped_or_404(
        request, Meeting.objects.select_related("facilitator", "territory"), public_id=public_id
    )


def _run(request: HttpRequest, public_id) -> Meeting:
    meeting = _meeting(request, public_id)
    if not rules.can_run(request.user, request.territory, meeting):
        raise PermissionDenied
    return meeting


def _back(request: HttpRequest, default: str) -> str:
    following = request.POST.get("next", "")
    if following and url_has_allowed_host_and_scheme(following, allowed_hosts={request.get_host()}):
        return following
    return default


# The space ---------------------------------------------------------------------------------


@members_only
def space(request: HttpRequest) -> HttpResponse:
    return _space_page(request)


def _space_page(request: HttpRequest, todo_form: ActionForm | None = None) -> HttpResponse:
    territory = request.territory
    upcoming = services.next_meeting(territory)
    actions = Action.objects.in_territory(territory).open().select_related("owner", "meeting")
    past = (
        Meeting.objects.in_territory(territory)
        .filter(starts_at__lt=upcoming.starts_at if upcoming else timezone.now())
        .select_related("facilitator")
        .order_by("-starts_at")[:6]
    )
    members = services.terms(territory)
    today = timezone.localdate()
    todo = list(actions.filter(meeting__isnull=True)[:LIST_LIMIT])
    for item in todo:
        item.correctable = rules.can_correct_todo(request.user, territory, item)
    return render(
        request,
        "coordination/space.html",
        {
            "upcoming": upcoming,
            "upcoming_items": list(upcoming.agenda_items.all()) if upcoming else [],
            "meeting_actions": list(actions.filter(meeting__isnull=False)[:LIST_LIMIT]),
            "todo": todo,
            "todo_form": todo_form or ActionForm(members=rules.members(territory), auto_id="todo_%s"),
            "documents": list(
                Document.objects.in_territory(territory).only("public_id", "title", "url")[:LIST_LIMIT]
            ),
            "past": list(past),
            "members": members,
            "reviews_due": [term for _role, term in members if term and term.review_due(today)],
            "today": today,
            "can_coordinate": rules.people_rules.is_coordinator(request.user, territory),
            "feed_url": request.build_absolute_uri(
                reverse(
                    "coordination:private_feed",
                    kwargs={"token": calendars.feed_token(request.user, feeds.FEED_PURPOSE)},
                )
            ),
        },
    )


@members_only
def meetings(request: HttpRequest) -> HttpResponse:
    queryset = (
        Meeting.objects.in_territory(request.territory).select_related("facilitator").order_by("-starts_at")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "coordination/meetings.html", {"page": page})


@members_only
def plan(request: HttpRequest) -> HttpResponse:
    territory = request.territory
    initial = {"facilitator": services.next_in_turn(territory)}
    form = MeetingForm(posted(request), initial=initial, members=rules.members(territory))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.plan_meeting(
                territory,
                starts_at=form.starts_at(),
                ends_at=form.ends_at(),
                place=form.cleaned_data["place"],
                facilitator=form.cleaned_data["facilitator"],
                rhythm=form.cleaned_data["rhythm"],
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The meeting is planned. Members can now propose agenda items."))
            return redirect(meeting)
    return render(request, "coordination/plan.html", {"form": form})


# A meeting ---------------------------------------------------------------------------------


def _meeting_page(request: HttpRequest, meeting: Meeting, **forms) -> HttpResponse:
    territory = request.territory
    members = rules.members(territory)
    can_run = rules.can_run(request.user, territory, meeting)
    present_ids = set(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    versions = list(meeting.minutes.select_related("approved_by").order_by("-version"))
    current = versions[0] if versions else None
    approved = any(version.approved for version in versions)
    items = list(meeting.agenda_items.select_related("proposed_by"))
    for item in items:
        item.meeting = meeting
        item.changeable = rules.can_change_item(request.user, territory, item)
    if can_run:
        forms.setdefault(
            "attendance_form",
            AttendanceForm(members=members, initial={"present": list(present_ids)}, auto_id="attendance_%s"),
        )
        forms.setdefault(
            "minutes_form",
            MinutesForm(initial={"text": current.text if current else ""}, auto_id="minutes_%s"),
        )
        forms.setdefault("decision_form", DecisionForm(auto_id="decision_%s"))
        forms.setdefault("action_form", ActionForm(members=members, auto_id="action_%s"))
    if rules.can_propose_item(request.user, territory, meeting):
        forms.setdefault("item_form", AgendaItemForm(auto_id="item_%s"))
    following = (
        Meeting.objects.in_territory(territory)
        .filter(starts_at__gt=meeting.starts_at)
        .order_by("starts_at")
        .only("public_id", "starts_at")
        .first()
    )
    return render(
        request,
        "coordination/meeting.html",
        {
            "meeting": meeting,
            "when": services.span(meeting),
            "items": items,
            "can_correct": rules.can_correct_record(request.user, territory, meeting, approved=approved),
            "carried": list(
                Action.objects.still_open_at(meeting).select_related("owner", "meeting")[:LIST_LIMIT]
            ),
            "present": [person for person in members if person.pk in present_ids] if not can_run else None,
            "present_count": len(present_ids),
            "current": current,
            "earlier": [v for v in versions[1:] if v.approved],
            "decisions": list(meeting.decisions.all()),
            "actions": list(meeting.actions.select_related("owner")),
            "can_run": can_run,
            "following": following,
            "today": timezone.localdate(),
            **forms,
        },
    )


@members_only
def meeting(request: HttpRequest, public_id) -> HttpResponse:
    return _meeting_page(request, _meeting(request, public_id))


@members_only
@require_POST
def propose(request: HttpRequest, public_id) -> HttpResponse:
    meeting = _meeting(request, public_id)
    if not rules.can_propose_item(request.user, request.territory, meeting):
        raise PermissionDenied
    form = AgendaItemForm(request.POST, auto_id="item_%s")
    if form.is_valid():
        try:
            services.propose_item(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Your item is on the agenda."))
            return redirect(meeting)
    return _meeting_page(request, meeting, item_form=form)


@members_only
@require_POST
def attendance(request: HttpRequest, public_id) -> HttpResponse:
    meeting = _run(request, public_id)
    form = AttendanceForm(request.POST, members=rules.members(request.territory), auto_id="attendance_%s")
    if form.is_valid():
        try:
            services.record_attendance(meeting, list(form.cleaned_data["present"]))
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Attendance saved."))
            return redirect(meeting)
    return _meeting_page(request, meeting, attendance_form=form)


@members_only
@require_POST
def minutes(request: HttpRequest, public_id) -> HttpResponse:
    meeting = _run(request, public_id)
    form = MinutesForm(request.POST, auto_id="minutes_%s")
    if form.is_valid():
        try:
            saved = services.save_minutes(meeting, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            if saved.version > 1:
                messages.success(
                    request,
                    _("Minutes saved as version %(version)s, to approve. Approved versions stay readable.")
                    % {"version": saved.version},
                )
            else:
                messages.success(request, _("Minutes saved."))
            return redirect(f"{meeting.get_absolute_url()}#minutes")
    return _meeting_page(request, meeting, minutes_form=form)


@members_only
@require_POST
def approve(request: HttpRequest, public_id) -> HttpResponse:
    meeting = _run(request, public_id)
    try:
        services.approve_minutes(meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The minutes are approved and emailed to the members."))
    return redirect(f"{meeting.get_absolute_url()}#minutes")


@members_only
@require_POST
def decision(request: HttpRequest, public_id) -> HttpResponse:
    meeting = _run(request, public_id)
    form = DecisionForm(request.POST, auto_id="decision_%s")
    if form.is_valid():
        services.add_decision(meeting, text=form.cleaned_data["text"])
        messages.success(request, _("Decision recorded."))
        return redirect(f"{meeting.get_absolute_url()}#decisions")
    return _meeting_page(request, meeting, decision_form=form)


@members_only
@require_POST
def action(request: HttpRequest, public_id) -> HttpResponse:
    meeting = _run(request, public_id)
    form = ActionForm(request.POST, members=rules.members(request.territory), auto_id="action_%s")
    if form.is_valid():
        try:
            services.add_action(request.territory, meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("owner", _error_text(error))
        else:
            messages.success(request, _("Action recorded."))
            return redirect(f"{meeting.get_absolute_url()}#actions")
    return _meeting_page(request, meeting, action_form=form)


@members_only
@require_POST
def send_agenda(request: HttpRequest, public_id) -> HttpResponse:
    meeting = _run(request, public_id)
    if services.send_agenda(meeting) or meeting.agenda_sent_at is None:
        messages.success(request, _("The agenda is emailed to the members."))
    else:
        messages.info(request, _("The agenda was already sent."))
    return redirect(meeting)


@members_only
@require_POST
def plan_next(request: HttpRequest, public_id) -> HttpResponse:
    meeting = _meeting(request, public_id)
    try:
        following = services.plan_next(meeting)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(meeting)
    messages.success(request, _("The next meeting is planned, with the next facilitator in turn."))
    return redirect(following)


@members_only
def minutes_pdf(request: HttpRequest, public_id) -> HttpResponse:
    meeting = _meeting(request, public_id)
    current = services.current_minutes(meeting)
    title = _("Minutes of the coordination group, %(when)s") % {"when": services.when(meeting)}
    return render_pdf(
        request,
        "coordination/pdf/minutes.html",
        {
            "meeting": meeting,
            "when": services.when(meeting),
            "minutes": current,
            "items": list(meeting.agenda_items.all()),
            "present": list(
                rules.members(request.territory).filter(
                    pk__in=Attendance.objects.filter(meeting=meeting).values("person_id")
                )
            ),
            "decisions": list(meeting.decisions.all()),
            "actions": list(meeting.actions.select_related("owner")),
            "carried": list(Action.objects.still_open_at(meeting).select_related("owner")[:LIST_LIMIT]),
        },
        title=title,
        filename=f"compte-rendu-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.pdf",
        html_url=meeting.get_absolute_url(),
    )


# Actions and the to-do list ----------------------------------------------------------------


@members_only
@require_POST
def add_todo(request: HttpRequest) -> HttpResponse:
    form = ActionForm(request.POST, members=rules.members(request.territory), auto_id="todo_%s")
    if form.is_valid():
        try:
            services.add_action(request.territory, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("owner", _error_text(error))
        else:
            messages.success(request, _("Added to the to-do list."))
            return redirect(reverse("coordination:space") + "#todo")
    return _space_page(request, todo_form=form)


@members_only
@require_POST
def tick(request: HttpRequest, public_id) -> HttpResponse:
    action = get_scoped_or_404(
        request,
        Action.objects.select_related("meeting__territory", "meeting__facilitator"),
        public_id=public_id,
    )
    if not rules.can_tick(request.user, request.territory, action):
        raise PermissionDenied
    done = request.POST.get("done") == "1"
    services.tick(action, done=done)
    messages.success(request, _("Marked done.") if done else _("Open again."))
    default = action.meeting.get_absolute_url() if action.meeting_id else reverse("coordination:space")
    return redirect(_back(request, default))


# Documents and terms -----------------------------------------------------------------------


@members_only
def document(request: HttpRequest, public_id) -> HttpResponse:
    item = get_scoped_or_404(request, Document.objects.select_related("added_by"), public_id=public_id)
    return render(request, "coordination/document.html", {"document": item})


@members_only
def document_form(request: HttpRequest, public_id=None) -> HttpResponse:
    item = (
        get_scoped_or_404(request, Document.objects.all(), public_id=public_id)
        if public_id
        else Document(territory=request.territory)
    )
    form = DocumentForm(posted(request), instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_document(form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Document saved."))
            return redirect("coordination:document", public_id=item.public_id)
    return render(request, "coordination/document_form.html", {"form": form, "document": item})


@members_only
def member(request: HttpRequest, public_id) -> HttpResponse:
    """A member's roles and their terms; a coordinator sets them."""
    territory = request.territory
    person = get_scoped_or_404(request, rules.members(territory), public_id=public_id)
    may_change = rules.people_rules.is_coordinator(request.user, territory)
    initiatives = Initiative.objects.in_territory(territory).order_by("name")
    roles = services.member_roles(person, territory)
    chosen = request.POST.get("role") if request.method == "POST" else None
    if chosen is not None and not may_change:
        raise PermissionDenied
    forms = []
    for index, role in enumerate(roles):
        term = getattr(role, "coordination_term", None) or Term(
            role=role, territory=territory, review_on=services.a_year_from_today()
        )
        data = request.POST if chosen == str(index) else None
        form = TermForm(data, instance=term, initiatives=initiatives, prefix=f"role{index}")
        if data is not None and form.is_valid():
            try:
                services.save_term(form.instance)
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("Term saved."))
                return redirect("coordination:member", public_id=person.public_id)
        forms.append((index, role, form))
    return render(
        request,
        "coordination/member.html",
        {"person": person, "forms": forms, "may_change": may_change, "today": timezone.localdate()},
    )


@members_only
@require_POST
def reviewed(request: HttpRequest, public_id) -> HttpResponse:
    if not rules.people_rules.is_coordinator(request.user, request.territory):
        raise PermissionDenied
    term = get_scoped_or_404(request, Term.objects.all(), public_id=public_id)
    services.mark_reviewed(term)
    messages.success(request, _("Review recorded: the next one is in a year."))
    return redirect(reverse("coordination:space") + "#members")


# Corrections: agenda items while planned, decisions and actions until the minutes are approved,
# the to-do list's items at any time


def _part(meeting: Meeting | None, anchor: str) -> str:
    """Where a record is shown: its meeting's part (`anchor`), or the space's (the to-do list)."""
    return f"{meeting.get_absolute_url() if meeting else reverse('coordination:space')}#{anchor}"


def _correct(request, meeting, form, change, *, done, title, delete_url, delete_label, anchor, field=None):
    """A correction's page: `change(**cleaned_data)` on a valid submission, then back to the
    meeting's part (`anchor`), or to the space's without a meeting (the to-do list); the
    service's refusal stays on the form (on `field`, or above)."""
    back = _part(meeting, anchor)
    if request.method == "POST" and form.is_valid():
        try:
            change(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(field, _error_text(error))
        else:
            messages.success(request, done)
            return redirect(back)
    context = {"meeting": meeting, "form": form, "title": title}
    context |= {"delete_url": delete_url, "delete_label": delete_label, "back": back}
    return render(request, "coordination/correct.html", context)


def _remove(request, meeting, remove, *, done, anchor) -> HttpResponse:
    """Withdraw or remove a record of the meeting (or of the to-do list, `meeting` None); a
    refusal is said at the top of the page it goes back to."""
    try:
        remove()
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, done)
    return redirect(_part(meeting, anchor))


def _item(request: HttpRequest, public_id, item_id: int) -> AgendaItem:
    meeting = _meeting(request, public_id)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_id)
    item.meeting = meeting
    if not rules.can_change_item(request.user, request.territory, item):
        raise PermissionDenied
    return item


@members_only
def item_edit(request: HttpRequest, public_id, item_id: int) -> HttpResponse:
    item = _item(request, public_id, item_id)
    form = AgendaItemForm(
        posted(request), initial={"title": item.title, "details": item.details}, auto_id="item_%s"
    )
    return _correct(
        request,
        item.meeting,
        form,
        lambda **data: services.change_item(item, **data),
        done=_("The agenda item is corrected."),
        title=_("Correct an agenda item"),
        delete_url=reverse("coordination:item_withdraw", args=[item.meeting.public_id, item.pk]),
        delete_label=_("Withdraw this item"),
        anchor="agenda",
    )


@members_only
@require_POST
def item_withdraw(request: HttpRequest, public_id, item_id: int) -> HttpResponse:
    item = _item(request, public_id, item_id)
    return _remove(
        request,
        item.meeting,
        lambda: services.withdraw_item(item),
        done=_("The item is withdrawn from the agenda."),
        anchor="agenda",
    )


def _correctable(request: HttpRequest, meeting: Meeting) -> None:
    approved = rules.has_approved_minutes(meeting)
    if not rules.can_correct_record(request.user, request.territory, meeting, approved=approved):
        raise PermissionDenied


def _decision(request: HttpRequest, public_id, decision_id: int) -> Decision:
    meeting = _meeting(request, public_id)
    decision = get_object_or_404(Decision, meeting=meeting, pk=decision_id)
    decision.meeting = meeting
    _correctable(request, meeting)
    return decision


@members_only
def decision_edit(request: HttpRequest, public_id, decision_id: int) -> HttpResponse:
    decision = _decision(request, public_id, decision_id)
    form = DecisionForm(posted(request), initial={"text": decision.text}, auto_id="decision_%s")
    return _correct(
        request,
        decision.meeting,
        form,
        lambda text: services.correct_decision(decision, text=text),
        done=_("The decision is corrected."),
        title=_("Correct a decision"),
        delete_url=reverse("coordination:decision_remove", args=[decision.meeting.public_id, decision.pk]),
        delete_label=_("Remove this decision"),
        anchor="decisions",
    )


@members_only
@require_POST
def decision_remove(request: HttpRequest, public_id, decision_id: int) -> HttpResponse:
    decision = _decision(request, public_id, decision_id)
    return _remove(
        request,
        decision.meeting,
        lambda: services.remove_decision(decision),
        done=_("The decision is removed."),
        anchor="decisions",
    )


def _meeting_action(request: HttpRequest, public_id) -> Action:
    action = get_scoped_or_404(
        request, Action.objects.select_related("meeting", "territory"), public_id=public_id
    )
    if action.meeting is None:
        raise Http404  # the to-do list's items are corrected at todo_edit (their own rule)
    _correctable(request, action.meeting)
    return action


def _action_form(request: HttpRequest, action: Action, auto_id: str) -> ActionForm:
    initial = {"title": action.title, "owner": action.owner_id, "due_on": action.due_on}
    members = rules.members(request.territory)
    return ActionForm(posted(request), members=members, initial=initial, auto_id=auto_id)


@members_only
def action_edit(request: HttpRequest, public_id) -> HttpResponse:
    action = _meeting_action(request, public_id)
    return _correct(
        request,
        action.meeting,
        _action_form(request, action, "action_%s"),
        lambda **data: services.correct_action(action, **data),
        done=_("The action is corrected."),
        title=_("Correct an action"),
        delete_url=reverse("coordination:action_remove", args=[action.public_id]),
        delete_label=_("Remove this action"),
        anchor="actions",
        field="owner",
    )


@members_only
@require_POST
def action_remove(request: HttpRequest, public_id) -> HttpResponse:
    action = _meeting_action(request, public_id)
    return _remove(
        request,
        action.meeting,
        lambda: services.remove_action(action),
        done=_("The action is removed."),
        anchor="actions",
    )


def _todo(request: HttpRequest, public_id) -> Action:
    """An item of the to-do list that the person may correct; a meeting's action answers 404."""
    action = get_scoped_or_404(
        request, Action.objects.filter(meeting__isnull=True).select_related("territory"), public_id=public_id
    )
    if not rules.can_correct_todo(request.user, request.territory, action):
        raise PermissionDenied
    return action


@members_only
def todo_edit(request: HttpRequest, public_id) -> HttpResponse:
    action = _todo(request, public_id)
    return _correct(
        request,
        None,
        _action_form(request, action, "todo_%s"),
        lambda **data: services.correct_action(action, **data),
        done=_("The to-do item is corrected."),
        title=_("Correct a to-do item"),
        delete_url=reverse("coordination:todo_remove", args=[action.public_id]),
        delete_label=_("Remove this item from the list"),
        anchor="todo",
        field="owner",
    )


@members_only
@require_POST
def todo_remove(request: HttpRequest, public_id) -> HttpResponse:
    action = _todo(request, public_id)
    return _remove(
        request,
        None,
        lambda: services.remove_action(action),
        done=_("The item is removed from the to-do list."),
        anchor="todo",
    )


# The private calendar of the meetings -----------------------------------------------------


revoke_feed = members_only(
    calendars.revoke_feed_view(feeds.FEED_PURPOSE, "coordination:space", anchor="calendar")
)


@login_not_required
def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The group's meetings for a calendar application: the token of a person still a member."""
    person = calendars.person_for_feed_token(token, feeds.FEED_PURPOSE, request.territory)
    if person is None or not rules.is_member(person, request.territory):
        raise Http404
    return feeds.meetings_feed(request)
