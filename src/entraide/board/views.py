import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.categories.models import Category
from entraide.core.cache import cached_for_anonymous, shared_fragment
from entraide.core.forms import posted, row_form, say_unplaced
from entraide.core.home import sections_for
from entraide.core.paging import BoundedPaginator
from entraide.core.permissions import check_request
from entraide.people import rules as people_rules
from entraide.people.models import User
from entraide.territories.scoping import get_scoped_or_404

from . import pdf, rules, services
from .enums import PostStatus, Visibility
from .forms import (
    DeskPostForm,
    DoneForm,
    FilterForm,
    MessageForm,
    ModerationForm,
    NoteForm,
    PostForm,
    PreferenceForm,
    ReplyForm,
    ReportForm,
)
from .models import (
    Block,
    BoardSettings,
    Conversation,
    Exchange,
    ExchangeNote,
    Message,
    ModerationAction,
    NotificationPreference,
    Post,
    Report,
)

PAGE_SIZE = 20
CLOSED_STATUSES = (PostStatus.DONE, PostStatus.WITHDRAWN, PostStatus.EXPIRED)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _filtered_board(request: HttpRequest, posts) -> tuple[FilterForm, object]:
    territory = request.territory
    form = FilterForm(request.GET or None, territory=territory)
    return form, form.apply(posts)


def _post(request: HttpRequest, reference: str) -> Post:
    post = get_scoped_or_404(
        request,
        Post.objects.select_related(
            "category", "commune", "neighbourhood", "author", "entered_by", "territory"
        ),
        reference=reference.upper(),
    )
    if not rules.can_see_post(request.user, request.territory, post):
        raise Http404
    return post


def _conversation(request: HttpRequest, public_id) -> Conversation:
    conversation = get_scoped_or_404(
        request,
        Conversation.objects.select_related("post__author", "post__category", "post__territory", "replier"),
        public_id=public_id,
    )
    if not rules.can_take_part(request.user, request.territory, conversation):
        raise Http404
    return conversation


def _acting_as(request: HttpRequest, person: User) -> tuple[User, User | None]:
    """Who speaks (the person) and who entered it (the referent, if not the person)."""
    return person, (request.user if request.user.pk != person.pk else None)


# The public board ------------------------------------------------------------


@login_not_required
@cached_for_anonymous
def board(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and not request.htmx and set(request.GET) <= {"page"}:
        # The unfiltered board is the same for every logged-in person of the territory: its list is
        # kept until the territory changes, and only the person's menu is rendered each time.
        content = shared_fragment(
            request,
            "board",
            lambda: render_to_string("board/includes/board_content.html", _board_context(request), request),
        )
        context = {"shared_content": content, "query_string": request.GET.urlencode()}
        return render(request, "board/board.html", context)
    context = _board_context(request)
    if request.htmx:
        return render(request, "board/includes/results.html", context)
    return render(request, "board/board.html", context)


def _board_context(request: HttpRequest) -> dict:
    posts = Post.objects.in_territory(request.territory).public().for_cards()
    form, posts = _filtered_board(request, posts)
    # Counted up to 1,000 ("more than 1,000 posts"): an exact total read every public post.
    page = BoundedPaginator(posts.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return {"form": form, "page": page, "query_string": request.GET.urlencode()}


@login_not_required
def post_detail(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        post = _post(request, reference)
    except Http404:
        return _post_over(request, reference)
    if post.reference != reference:
        return redirect(post)
    return _post_page(request, post, ReplyForm())


def _post_over(request: HttpRequest, reference: str) -> HttpResponse:
    """A finished, withdrawn or expired post, for someone who may no longer see it (a printed QR code
    leads here): a French page that says so, with the board and the town hall's number (410 Gone)."""
    post = (
        Post.objects.in_territory(request.territory)
        .filter(reference=reference.upper(), status__in=CLOSED_STATUSES)
        .exclude(visibility=Visibility.HIDDEN)
        .only("reference", "kind", "status")
        .first()
    )
    if post is None:
        raise Http404
    return render(request, "board/post_over.html", {"post": post}, status=410)


def _post_page(request: HttpRequest, post: Post, reply_form: ReplyForm) -> HttpResponse:
    """The post's page; after a failed reply, with the reply form and its errors."""
    user, territory = request.user, request.territory
    is_author_side = rules.speaks_for(user, territory, post.author)
    context = {
        "post": post,
        "is_author_side": is_author_side,
        "can_reply": rules.can_reply(user, territory, post),
        "can_edit": rules.can_edit_post(user, territory, post),
        "can_withdraw": rules.can_withdraw_post(user, territory, post),
        "can_renew": rules.can_renew_post(user, territory, post),
        "can_mark_done": rules.can_mark_done(user, territory, post),
        "can_moderate": rules.can_moderate(user, territory, post),
        "reply_form": reply_form,
        "board_settings": BoardSettings.objects.for_territory(territory),
    }
    if user.is_authenticated:
        context["my_conversation"] = (
            None if is_author_side else post.conversations.filter(replier=user).first()
        )
        context["can_block"] = (
            not is_author_side
            and rules.can_block(user, territory, post.author)
            and not services.is_blocked(user, post.author)
        )
    if is_author_side:
        context["conversations"] = post.conversations.select_related("replier")
        if post.is_open:
            context["matching_posts"] = services.matching_posts(post)
            context["matching_people"] = services.matching_people(post)
    return render(request, "board/post_detail.html", context)


@login_not_required
@cached_for_anonymous
def feed(request: HttpRequest) -> HttpResponse:
    from .feeds import PostFeed

    return PostFeed()(request)


@login_not_required
def poster(request: HttpRequest) -> HttpResponse:
    posts = Post.objects.in_territory(request.territory).open().for_cards()
    _form, posts = _filtered_board(request, posts)
    size = "A3" if request.GET.get("format", "").upper() == "A3" else "A4"
    return pdf.poster(request, list(posts.order_by("-urgent", "-created_at")[: pdf.MAX_CARDS]), size=size)


@login_not_required
def flyer(request: HttpRequest, reference: str) -> HttpResponse:
    post = _post(request, reference)
    if not post.is_public:
        raise Http404
    return pdf.flyer(request, post)


# Writing, editing, closing ---------------------------------------------------


def post_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {
        "commune": user.commune_id,
        "neighbourhood": user.neighbourhood_id,
        "kind": request.GET.get("kind"),
    }
    form = PostForm(posted(request), initial=initial, territory=request.territory)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.publish_post(form.save(commit=False), author=user)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            if post.visibility == Visibility.PENDING:
                messages.info(request, _("Thank you! A referent will check your post before it is shown."))
            else:
                messages.success(request, _("Your post is on the board."))
            return redirect(post)
    return render(request, "board/post_form.html", _form_context(request, form))


def _form_context(request: HttpRequest, form, **extra) -> dict:
    categories = Category.objects.in_territory(request.territory).active().exclude(safety_note="")
    return {"form": form, "safety_notes": categories, **extra}


def post_edit(request: HttpRequest, reference: str) -> HttpResponse:
    post = _post(request, reference)
    if not rules.can_edit_post(request.user, request.territory, post):
        raise PermissionDenied
    form = PostForm(posted(request), instance=post, territory=request.territory)
    if request.method == "POST" and form.is_valid():
        services.update_post(form.save(commit=False), by=request.user)
        messages.success(request, _("Your changes are saved."))
        return redirect(post)
    return render(request, "board/post_form.html", _form_context(request, form, post=post))


def post_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    """Withdrawing asks first, on a page of its own (no JavaScript needed); the confirmed form withdraws."""
    post = _post(request, reference)
    if not rules.can_withdraw_post(request.user, request.territory, post):
        raise PermissionDenied
    if request.method != "POST" or request.POST.get("confirmed") != "yes":
        return render(request, "board/withdraw_confirm.html", {"post": post})
    services.withdraw_post(post, by=request.user)
    messages.success(request, _("The post is withdrawn from the board."))
    return redirect("board:mine")


@require_POST
def post_renew(request: HttpRequest, reference: str) -> HttpResponse:
    post = _post(request, reference)
    if not rules.can_renew_post(request.user, request.territory, post):
        raise PermissionDenied
    services.renew_post(post, by=request.user)
    messages.success(
        request, _("The post stays on the board until %(date)s.") % {"date": f"{post.expires_at:%d/%m/%Y}"}
    )
    return redirect(post)


@require_POST
def post_reply(request: HttpRequest, reference: str) -> HttpResponse:
    post = _post(request, reference)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            conversation = services.reply(post, replier=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            if not rules.can_reply(request.user, request.territory, post):
                messages.error(request, _error_text(error))
                return redirect(post)
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Your message is sent. You will be told by email when they answer."))
            return redirect(conversation)
    # The errors stay on the form, tied to the field, on the post's page.
    return _post_page(request, post, form)


def post_done(request: HttpRequest, reference: str) -> HttpResponse:
    post = _post(request, reference)
    if not rules.can_mark_done(request.user, request.territory, post):
        raise PermissionDenied
    conversations = list(
        post.conversations.select_related("replier").order_by("-accepted_at", "-last_message_at")
    )
    if not conversations:
        messages.error(request, _("Nobody has replied yet: the help can be recorded once someone replied."))
        return redirect(post)
    form = DoneForm(posted(request), conversations=conversations)
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_done(
                post,
                by=request.user,
                conversation=form.cleaned_data["conversation"],
                happened_on=form.cleaned_data["happened_on"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Thank you! The help is recorded."))
            return redirect(post)
    accepted = next((c for c in conversations if c.accepted_at), None)
    if accepted and not form.is_bound:
        form.initial["conversation"] = str(accepted.public_id)
    return render(request, "board/done_form.html", {"post": post, "form": form})


def post_report(request: HttpRequest, reference: str) -> HttpResponse:
    post = _post(request, reference)
    return _report(request, post, None)


def message_report(request: HttpRequest, public_id) -> HttpResponse:
    message = get_scoped_or_404(
        request, Message.objects.select_related("conversation__post", "sender"), public_id=public_id
    )
    conversation = _conversation(request, message.conversation.public_id)
    return _report(request, conversation.post, message)


def _report(request: HttpRequest, post: Post, message: Message | None) -> HttpResponse:
    form = ReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.report(
                reporter=request.user, post=post, message=message, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("reason", _error_text(error))
        else:
            messages.success(request, _("Thank you. The referents of the commune will look at it."))
            return redirect(message.conversation if message else post)
    return render(request, "board/report_form.html", {"post": post, "message": message, "form": form})


# Conversations ---------------------------------------------------------------


def conversation(request: HttpRequest, public_id) -> HttpResponse:
    conv = _conversation(request, public_id)
    post = conv.post
    territory = request.territory
    author_side = rules.is_author_side(request.user, territory, conv)
    speaker = post.author if author_side else request.user
    services.mark_read(conv, author_side=author_side)
    form = MessageForm(posted(request))
    if request.method == "POST" and form.is_valid():
        sender, entered_by = _acting_as(request, speaker)
        try:
            services.send_message(conv, sender=sender, body=form.cleaned_data["body"], entered_by=entered_by)
        except ValidationError as error:
            form.add_error("body", _error_text(error))
        else:
            return redirect(conv)
    other = conv.replier if author_side else post.author
    context = {
        "conversation": conv,
        "post": post,
        "other": other,
        "speaker": speaker,
        # A referent answering for an assisted author: said on the page, her phone at hand.
        "relaying_for": speaker if speaker.pk != request.user.pk else None,
        "author_side": author_side,
        "conversation_messages": conv.messages.select_related("sender", "entered_by"),
        "form": form,
        "can_accept": rules.can_accept(request.user, territory, conv),
        "i_share": conv.author_shares_contact if author_side else conv.replier_shares_contact,
        "contacts": {"me": speaker, "other": other} if conv.contacts_shared else None,
        "can_propose_done": not author_side and conv.accepted_at and post.status == PostStatus.IN_PROGRESS,
        "can_mark_done": author_side and rules.can_mark_done(request.user, territory, post),
    }
    return render(request, "board/conversation.html", context)


@require_POST
def conversation_accept(request: HttpRequest, public_id) -> HttpResponse:
    conv = _conversation(request, public_id)
    if not rules.can_accept(request.user, request.territory, conv):
        raise PermissionDenied
    try:
        services.accept(conv, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Accepted. Agree on the details together."))
    return redirect(conv)


@require_POST
def conversation_share(request: HttpRequest, public_id) -> HttpResponse:
    conv = _conversation(request, public_id)
    side = conv.post.author if rules.is_author_side(request.user, request.territory, conv) else request.user
    side, entered_by = _acting_as(request, side)
    services.share_contact(conv, by=side, entered_by=entered_by)
    if entered_by is not None:
        # The referent shares an assisted person's details (her phone), never their own: say so.
        if conv.contacts_shared:
            message = _(
                "Both sides shared their contact details: the other person's show below, and they see "
                "those of %(name)s."
            )
        else:
            message = _("The contact details of %(name)s will show once both sides agreed to share them.")
        messages.success(request, message % {"name": side.display_name})
    elif conv.contacts_shared:
        messages.success(request, _("You both shared your contact details: they show below."))
    else:
        messages.success(request, _("Your contact details will show once both of you agreed to share them."))
    return redirect(conv)


@require_POST
def conversation_propose_done(request: HttpRequest, public_id) -> HttpResponse:
    conv = _conversation(request, public_id)
    if request.user.pk != conv.replier_id:
        raise PermissionDenied
    try:
        services.propose_done(conv, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Thank you! The author will confirm it."))
    return redirect(conv)


@require_POST
def conversation_block(request: HttpRequest, public_id) -> HttpResponse:
    conv = _conversation(request, public_id)
    author_side = rules.is_author_side(request.user, request.territory, conv)
    me, other = (conv.post.author, conv.replier) if author_side else (request.user, conv.post.author)
    me, entered_by = _acting_as(request, me)
    services.block(blocker=me, blocked=other, entered_by=entered_by)
    if entered_by is not None:
        message = _("%(name)s can no longer send messages to %(person)s.")
    else:
        message = _("%(name)s can no longer send you messages.")
    messages.success(request, message % {"name": other.display_name, "person": me.display_name})
    return redirect(conv)


@require_POST
def post_block(request: HttpRequest, reference: str) -> HttpResponse:
    """Block the author of a post, from the post's page."""
    post = _post(request, reference)
    if rules.speaks_for(request.user, request.territory, post.author) or not rules.can_block(
        request.user, request.territory, post.author
    ):
        raise PermissionDenied
    services.block(blocker=request.user, blocked=post.author)
    messages.success(
        request, _("%(name)s can no longer send you messages.") % {"name": post.author.display_name}
    )
    return redirect(post)


def blocked_people(request: HttpRequest) -> HttpResponse:
    blocks = (
        Block.objects.in_territory(request.territory)
        .filter(blocker=request.user)
        .select_related("blocked")
        .order_by("-created_at")
    )
    return render(request, "board/blocked.html", {"blocks": blocks})


@require_POST
def unblock(request: HttpRequest, public_id) -> HttpResponse:
    found = get_scoped_or_404(
        request,
        Block.objects.filter(blocker=request.user).select_related("blocked"),
        blocked__public_id=public_id,
    )
    services.unblock(blocker=request.user, blocked=found.blocked)
    messages.success(
        request, _("%(name)s can send you messages again.") % {"name": found.blocked.display_name}
    )
    return redirect("board:blocked")


# A resident's own things -----------------------------------------------------


def mine(request: HttpRequest) -> HttpResponse:
    return _mine_page(request)


def _note_form(exchange: Exchange, person: User | None = None, data=None, failed=None) -> NoteForm:
    """The private note of one exchange (by a referent: for one assisted side), ids keyed by both."""
    key = f"{exchange.public_id}-{person.public_id}" if person else exchange.public_id
    form = row_form(NoteForm, key, data, failed=failed)
    if person is not None:
        form.fields["body"].label = _("How did it go for %(name)s? (seen only by the referents)") % {
            "name": person.display_name
        }
    return form


def _mine_page(request: HttpRequest, failed: NoteForm | None = None) -> HttpResponse:
    """A resident's posts, replies and exchanges; after a refused note, with that note's errors."""
    user = request.user
    territory = request.territory
    posts = Post.objects.in_territory(territory).filter(author=user).for_cards().order_by("-created_at")[:50]
    conversations = (
        Conversation.objects.in_territory(territory)
        .filter(replier=user)
        .select_related("post__author", "post__category")
        .order_by("-last_message_at")[:50]
    )
    exchanges = list(
        Exchange.objects.in_territory(territory)
        .filter(Q(helper=user) | Q(receiver=user))
        .select_related("helper", "receiver", "category")
        .prefetch_related(
            Prefetch("notes", queryset=ExchangeNote.objects.filter(author=user), to_attr="my_notes")
        )
        .order_by("-happened_on")[:20]
    )
    for exchange in exchanges:
        exchange.note_form = _note_form(exchange, failed=failed)
    say_unplaced(request, failed)
    context = {"posts": posts, "conversations": conversations, "exchanges": exchanges, "failed": failed}
    return render(request, "board/mine.html", context)


@require_POST
def exchange_note(request: HttpRequest, public_id) -> HttpResponse:
    exchange = get_scoped_or_404(
        request, Exchange.objects.select_related("helper", "receiver"), public_id=public_id
    )
    user, territory = request.user, request.territory
    person = user
    if request.POST.get("person"):
        person = next(
            (p for p in (exchange.helper, exchange.receiver) if str(p.public_id) == request.POST["person"]),
            None,
        )
    if person is None or not rules.can_write_note_for(user, territory, exchange, person):
        raise Http404
    author, entered_by = _acting_as(request, person)
    form = _note_form(exchange, person if entered_by else None, request.POST)
    if not form.is_valid():
        # The note stays on its form, on the page it was written on, its error tied to the box.
        if entered_by:
            return _desk_exchanges_page(request, failed=form)
        return _mine_page(request, failed=form)
    services.add_exchange_note(exchange, author=author, body=form.cleaned_data["body"], entered_by=entered_by)
    messages.success(request, _("Your note is saved. Only the referents will read it."))
    if entered_by:
        page = request.GET.get("page")
        return redirect(reverse("board:desk_exchanges") + (f"?{urlencode({'page': page})}" if page else ""))
    return redirect("board:mine")


def preferences(request: HttpRequest) -> HttpResponse:
    preference = NotificationPreference.objects.filter(user=request.user).first() or NotificationPreference(
        user=request.user
    )
    form = PreferenceForm(posted(request), instance=preference, territory=request.territory)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your choices are saved."))
        return redirect("board:preferences")
    return render(request, "board/preferences.html", {"form": form})


# The referent's desk ---------------------------------------------------------


def _desk_communes(request: HttpRequest):
    return people_rules.communes_looked_after(request.user, request.territory)


def _inbox(request: HttpRequest):
    return (
        Conversation.objects.in_territory(request.territory)
        .filter(post__author__is_assisted=True, post__commune__in=_desk_communes(request))
        .select_related("post__author", "post__category", "replier")
        .order_by("-last_message_at")
    )


def _moderation_queue(request: HttpRequest):
    communes = _desk_communes(request)
    pending_posts = (
        Post.objects.in_territory(request.territory)
        .filter(visibility=Visibility.PENDING, commune__in=communes)
        .for_cards()
    )
    reports = (
        Report.objects.in_territory(request.territory)
        .pending()
        .filter(post__commune__in=communes)
        .select_related(
            "post__category", "post__commune", "post__neighbourhood", "post__author", "message__sender"
        )
    )
    return pending_posts, reports


@check_request(people_rules.is_referent)
def desk(request: HttpRequest) -> HttpResponse:
    """The desk's overview: what waits, as each app contributes it (entraide.core.home)."""
    return render(request, "board/desk.html", {"sections": sections_for(request, "desk")})


@check_request(people_rules.is_referent)
def desk_post_create(request: HttpRequest) -> HttpResponse:
    communes = _desk_communes(request)
    people = User.objects.in_territory(request.territory).filter(is_assisted=True, commune__in=communes)
    # "Post for her", from her page: she is chosen already, and her commune.
    key = _uuid_or_none(request.GET.get("pour"))
    chosen = people.filter(public_id=key).first() if key else None
    form = DeskPostForm(
        posted(request),
        territory=request.territory,
        communes=communes,
        people=people,
        initial={"person": chosen.pk, "commune": chosen.commune_id} if chosen else None,
    )
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        if not people_rules.can_act_for(request.user, request.territory, person):
            raise PermissionDenied
        try:
            post = services.publish_post(form.save(commit=False), author=person, entered_by=request.user)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                _("The post %(reference)s is on the board. Give this reference to %(name)s.")
                % {"reference": post.reference, "name": person.display_name},
            )
            return redirect(post)
    return render(request, "board/post_form.html", _form_context(request, form, desk=True))


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None


@check_request(people_rules.is_referent)
def desk_inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(_inbox(request), 30).get_page(request.GET.get("page"))
    for conversation in page:
        # Her phone and her page, for the referent who answers for her (roles are cached: no query).
        conversation.relayed_by_me = people_rules.can_act_for(
            request.user, request.territory, conversation.post.author
        )
    return render(request, "board/desk_inbox.html", {"page": page})


@check_request(people_rules.is_referent)
def desk_follow_up(request: HttpRequest) -> HttpResponse:
    posts = services.follow_up(request.territory, _desk_communes(request))
    page = Paginator(posts, 30).get_page(request.GET.get("page"))
    return render(request, "board/desk_follow_up.html", {"page": page})


@check_request(people_rules.is_referent)
def desk_moderation(request: HttpRequest) -> HttpResponse:
    return _moderation_page(request)


def _moderation_form(post: Post, report: Report | None, data=None, failed=None) -> ModerationForm:
    """One item's moderation form: a report's, or a post's awaiting approval (ids keyed by it)."""
    key = report.public_id if report else post.reference
    offered = ModerationForm.FOR_REPORT if report else ModerationForm.FOR_PENDING_POST
    return row_form(ModerationForm, key, data, failed=failed, offered=offered)


def _moderation_page(request: HttpRequest, failed: ModerationForm | None = None) -> HttpResponse:
    """The queue and the log; after a refused action, with that item's form and its errors."""
    pending_posts, reports = _moderation_queue(request)
    pending_posts, reports = list(pending_posts[:50]), list(reports[:50])
    for report in reports:
        report.moderation_form = _moderation_form(report.post, report, failed=failed)
    for post in pending_posts:
        post.moderation_form = _moderation_form(post, None, failed=failed)
    say_unplaced(request, failed)
    log = (
        ModerationAction.objects.in_territory(request.territory)
        .filter(post__commune__in=_desk_communes(request))
        .select_related("moderator", "post", "person")[:30]
    )
    context = {"pending_posts": pending_posts, "reports": reports, "log": log, "failed": failed}
    return render(request, "board/desk_moderation.html", context)


@check_request(people_rules.is_referent)
@require_POST
def desk_moderate(request: HttpRequest, reference: str) -> HttpResponse:
    post = get_scoped_or_404(request, Post.objects.select_related("author", "territory"), reference=reference)
    if not rules.can_moderate(request.user, request.territory, post):
        raise Http404
    report = None
    if request.POST.get("report"):
        report = get_scoped_or_404(
            request,
            Report.objects.filter(post=post).select_related("message"),
            public_id=request.POST["report"],
        )
    form = _moderation_form(post, report, request.POST)
    if form.is_valid():
        try:
            services.moderate(
                moderator=request.user,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                post=post,
                report=report,
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Done, and logged."))
            return redirect("board:desk_moderation")
    # The errors stay on the item's form, on the queue's page, tied to their field.
    return _moderation_page(request, failed=form)


@check_request(people_rules.is_referent)
def desk_exchanges(request: HttpRequest) -> HttpResponse:
    return _desk_exchanges_page(request)


def _desk_exchanges_page(request: HttpRequest, failed: NoteForm | None = None) -> HttpResponse:
    communes = _desk_communes(request)
    exchanges = (
        Exchange.objects.in_territory(request.territory)
        .filter(post__commune__in=communes)
        .select_related("helper", "receiver", "category", "post")
        .prefetch_related(
            Prefetch("notes", queryset=ExchangeNote.objects.select_related("author", "entered_by"))
        )
    )
    page = Paginator(exchanges, 30).get_page(request.GET.get("page"))
    for exchange in page:
        # The assisted sides the referent may write the private note for, each with its form.
        exchange.note_for = [
            (person, _note_form(exchange, person, failed=failed))
            for person in (exchange.helper, exchange.receiver)
            if person.is_assisted
            and rules.can_write_note_for(request.user, request.territory, exchange, person)
        ]
    say_unplaced(request, failed)
    context = {"page": page, "failed": failed}
    return render(request, "board/desk_exchanges.html", context)
