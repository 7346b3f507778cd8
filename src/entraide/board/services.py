"""Multi-step operations of the board, each in one transaction."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.core import throttle
from entraide.core.search import words
from entraide.people import rules as people_rules
from entraide.people.enums import RoleKind
from entraide.people.models import User
from entraide.people.services import record_proxy_action
from entraide.territories.models import Territory

from . import enums, rules
from .enums import Frequency, ModerationKind, PostKind, PostStatus, Scope, Visibility
from .models import (
    Block,
    BoardSettings,
    Conversation,
    Exchange,
    ExchangeNote,
    Message,
    ModerationAction,
    NotificationPreference,
    PendingNotification,
    Post,
    Report,
    new_reference,
)
from .notifications import absolute_url, email, email_many

DOUBLE_SUBMISSION_WINDOW = datetime.timedelta(minutes=10)
POST_LIMITS = (throttle.Limit(5, throttle.HOUR), throttle.Limit(15, throttle.DAY))
MESSAGE_LIMITS = (throttle.Limit(20, 10 * throttle.MINUTE), throttle.Limit(150, throttle.DAY))


# Posts ----------------------------------------------------------------------


def _is_new_account(user: User, board: BoardSettings) -> bool:
    return user.date_joined > timezone.now() - datetime.timedelta(days=board.new_account_days)


def _save_with_reference(post: Post) -> None:
    """Give the post a short unique reference; grow it if the short ones run out."""
    for attempt in range(12):
        post.reference = new_reference(4 if attempt < 8 else 6)
        try:
            with transaction.atomic():
                post.save()
            return
        except IntegrityError:
            if Post.objects.filter(reference=post.reference).exists():
                continue
            raise
    raise RuntimeError("Could not find a free post reference.")


@transaction.atomic
def publish_post(post: Post, *, author: User, entered_by: User | None = None) -> Post:
    """Publish a new request or offer for `author`, entered by a referent if `entered_by`."""
    territory = author.territory
    if post.commune.territory_id != territory.pk:
        raise ValidationError(_("This commune is not part of this territory."))
    # One publication at a time per author: eight identical posts sent at once
    # wait for each other here, and each sees the ones before it.
    User.objects.select_for_update().only("pk").get(pk=author.pk)
    recent_twin = Post.objects.filter(
        author=author,
        kind=post.kind,
        title=post.title,
        body=post.body,
        created_at__gte=timezone.now() - DOUBLE_SUBMISSION_WINDOW,
    ).exclude(status=PostStatus.WITHDRAWN)
    if recent_twin.exists():
        raise ValidationError(_("You have just published this same post: it is already on the board."))
    throttle.check(
        Post.objects.filter(author=author),
        POST_LIMITS,
        _("You have published %(count)s posts in %(period)s: please wait before publishing another one."),
    )
    board = BoardSettings.objects.for_territory(territory)
    post.territory = territory
    post.author = author
    post.entered_by = entered_by
    if not post.is_request:
        post.urgent = False
    post.created_at = timezone.now()
    post.expires_at = post.created_at + datetime.timedelta(days=board.expiry_days)
    post.status = PostStatus.OPEN
    held = board.hold_new_accounts and entered_by is None and _is_new_account(author, board)
    post.visibility = Visibility.PENDING if held else Visibility.VISIBLE
    _save_with_reference(post)
    if entered_by is not None:
        record_proxy_action(
            entered_by, author, _("post %(reference)s published") % {"reference": post.reference}
        )
    if post.visibility == Visibility.VISIBLE:
        notify_new_post(post)
    return post


@transaction.atomic
def update_post(post: Post, *, by: User) -> Post:
    post.save()
    if by.pk != post.author_id:
        record_proxy_action(by, post.author, _("post %(reference)s edited") % {"reference": post.reference})
    return post


@transaction.atomic
def withdraw_post(post: Post, *, by: User) -> Post:
    post.status = PostStatus.WITHDRAWN
    post.save(update_fields=["status", "updated_at"])
    if by.pk != post.author_id:
        record_proxy_action(
            by, post.author, _("post %(reference)s withdrawn") % {"reference": post.reference}
        )
    return post


@transaction.atomic
def renew_post(post: Post, *, by: User) -> Post:
    board = BoardSettings.objects.for_territory(post.territory)
    post.status = PostStatus.OPEN
    post.expires_at = timezone.now() + datetime.timedelta(days=board.expiry_days)
    post.reminder_sent_at = None
    post.save(update_fields=["status", "expires_at", "reminder_sent_at", "updated_at"])
    if by.pk != post.author_id:
        record_proxy_action(by, post.author, _("post %(reference)s renewed") % {"reference": post.reference})
    return post


# Conversations ---------------------------------------------------------------


def is_blocked(blocker: User, blocked: User) -> bool:
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


def _notify_author_side(post: Post, conversation: Conversation, template: str, sender: User) -> None:
    """The author hears by email; for an assisted author, the referents of the commune do."""
    url = absolute_url(post.territory, conversation.get_absolute_url())
    if post.author.is_assisted:
        desk = absolute_url(post.territory, reverse("board:desk_inbox"))
        email_many(_referent_emails(post), "board/email/desk_reply.txt", post=post, url=desk)
    else:
        email(post.author.email, template, post=post, sender=sender, url=url)


@transaction.atomic
def reply(post: Post, *, replier: User, body: str) -> Conversation:
    """Open (or continue) the private conversation of `replier` with the post's author."""
    post = Post.objects.select_for_update().select_related("author", "territory").get(pk=post.pk)
    if replier.pk == post.author_id:
        raise ValidationError(_("You cannot reply to your own post."))
    if not post.is_open:
        raise ValidationError(_("This post is no longer open to replies."))
    if not rules.can_reply(replier, post.territory, post):
        raise ValidationError(_("You cannot reply to this post."))
    if is_blocked(post.author, replier):
        raise ValidationError(_("This person does not wish to receive your messages."))
    conversation, _created = Conversation.objects.get_or_create(post=post, replier=replier)
    send_message(conversation, sender=replier, body=body, template="board/email/new_reply.txt")
    if post.first_reply_at is None:
        post.first_reply_at = timezone.now()
        post.save(update_fields=["first_reply_at"])
    return conversation


@transaction.atomic
def ask_helper(post: Post, *, helper: User, by: User, body: str) -> Conversation:
    """From “Who can help?”: the author of an open request writes to a person listed there.

    The talk is the request's private conversation with that person, as if they had replied:
    the same messages, contacts shared only by choice, “accept” and “done”.
    """
    post = Post.objects.select_for_update().select_related("author", "territory").get(pk=post.pk)
    if not rules.can_ask_helper(by, post.territory, post, helper):
        raise ValidationError(_("You can write to this person only about one of your open requests."))
    if is_blocked(helper, post.author):
        raise ValidationError(_("This person does not wish to receive your messages."))
    conversation, _created = Conversation.objects.get_or_create(post=post, replier=helper)
    send_message(conversation, sender=post.author, body=body, template="board/email/helper_asked.txt")
    return conversation


@transaction.atomic
def send_message(
    conversation: Conversation,
    *,
    sender: User,
    body: str,
    entered_by: User | None = None,
    template: str = "board/email/new_message.txt",
) -> Message:
    """Add a message; the other side gets one email, then none until they open the conversation."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message."))
    if len(body) > 2000:
        raise ValidationError(_("A message is at most 2,000 characters."))
    # One message at a time per conversation: a double click stores one message.
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("post__author", "post__territory", "replier")
        .get(pk=conversation.pk)
    )
    post = conversation.post
    recipient = conversation.replier if sender.pk == post.author_id else post.author
    if is_blocked(recipient, sender):
        raise ValidationError(_("This person does not wish to receive your messages."))
    last = conversation.messages.order_by("-created_at").first()
    if (
        last is not None
        and last.sender_id == sender.pk
        and last.body == body
        and last.created_at > timezone.now() - DOUBLE_SUBMISSION_WINDOW
    ):
        return last  # a double submission: the message is already there
    throttle.check(
        Message.objects.filter(sender=sender),
        MESSAGE_LIMITS,
        _("You have sent %(count)s messages in %(period)s: please wait before sending another one."),
    )
    message = Message.objects.create(
        conversation=conversation, sender=sender, body=body, entered_by=entered_by
    )
    conversation.last_message_at = message.created_at
    side = "author" if recipient.pk == post.author_id else "replier"
    notified = f"{side}_notified_at"
    tell = getattr(conversation, notified) is None
    if tell:
        setattr(conversation, notified, message.created_at)
    # Whoever writes has read what came before.
    read = "replier_read_at" if side == "author" else "author_read_at"
    setattr(conversation, read, message.created_at)
    conversation.save(update_fields=["last_message_at", notified, read])
    if entered_by is not None:
        record_proxy_action(
            entered_by, sender, _("message relayed about %(reference)s") % {"reference": post.reference}
        )
    if tell and side == "author":
        _notify_author_side(post, conversation, template, sender)
    elif tell:
        url = absolute_url(post.territory, conversation.get_absolute_url())
        email(recipient, template, post=post, sender=sender, url=url)
    return message


def mark_read(conversation: Conversation, *, author_side: bool) -> None:
    """The side that opens the conversation has read it, and will be told by email of the next message."""
    side = "author" if author_side else "replier"
    notified, read = f"{side}_notified_at", f"{side}_read_at"
    read_at = getattr(conversation, read)
    up_to_date = read_at is not None and read_at >= conversation.last_message_at
    if getattr(conversation, notified) is None and up_to_date:
        return
    changes = {notified: None, read: timezone.now()}
    Conversation.objects.filter(pk=conversation.pk).update(**changes)
    for field, value in changes.items():
        setattr(conversation, field, value)


@transaction.atomic
def accept(conversation: Conversation, *, by: User) -> Conversation:
    post = Post.objects.select_for_update().get(pk=conversation.post_id)
    if post.status != PostStatus.OPEN:
        raise ValidationError(_("Someone has already been accepted for this post."))
    now = timezone.now()
    conversation.accepted_at = now
    conversation.save(update_fields=["accepted_at"])
    post.status = PostStatus.IN_PROGRESS
    post.save(update_fields=["status", "updated_at"])
    conversation.post = post
    if by.pk != post.author_id:
        record_proxy_action(
            by, post.author, _("reply accepted on %(reference)s") % {"reference": post.reference}
        )
    url = absolute_url(post.territory, conversation.get_absolute_url())
    replier = conversation.replier
    email(replier, "board/email/accepted.txt", post=post, url=url)
    return conversation


@transaction.atomic
def share_contact(conversation: Conversation, *, by: User, entered_by: User | None = None) -> Conversation:
    """`by` agrees to share their contact details; `entered_by`, a referent sharing an assisted
    author's (their phone, never the referent's), is recorded as acting on their behalf."""
    if by.pk == conversation.replier_id:
        conversation.replier_shares_contact = True
    else:
        conversation.author_shares_contact = True
    conversation.save(update_fields=["author_shares_contact", "replier_shares_contact"])
    if entered_by is not None:
        record_proxy_action(
            entered_by,
            by,
            _("contact details shared about %(reference)s") % {"reference": conversation.post.reference},
        )
    return conversation


@transaction.atomic
def propose_done(conversation: Conversation, *, by: User) -> Conversation:
    """The helper says the help happened; the author confirms it by marking the post done."""
    if conversation.accepted_at is None:
        raise ValidationError(_("The author has not accepted this reply yet."))
    conversation.done_proposed_at = timezone.now()
    conversation.save(update_fields=["done_proposed_at"])
    post = conversation.post
    url = absolute_url(post.territory, reverse("board:done", kwargs={"reference": post.reference}))
    _notify_done_proposed(post, by, url)
    return conversation


def _notify_done_proposed(post: Post, helper: User, url: str) -> None:
    if post.author.is_assisted:
        email_many(_referent_emails(post), "board/email/done_proposed.txt", post=post, sender=helper, url=url)
    else:
        email(post.author.email, "board/email/done_proposed.txt", post=post, sender=helper, url=url)


@transaction.atomic
def mark_done(
    post: Post,
    *,
    by: User,
    conversation: Conversation,
    happened_on: datetime.date,
    duration_minutes: int | None = None,
    note: str = "",
) -> Exchange:
    """The help happened: record the exchange (who helped whom, when, how long) and close the post.

    A weekly offer stays on the board: one help given does not end it.
    """
    post = Post.objects.select_for_update().select_related("author", "category").get(pk=post.pk)
    if post.status not in (PostStatus.OPEN, PostStatus.IN_PROGRESS):
        raise ValidationError(_("This post is already closed."))
    if conversation.post_id != post.pk:
        raise ValidationError(_("This person did not reply to this post."))
    if happened_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    other = conversation.replier
    helper, receiver = (other, post.author) if post.is_request else (post.author, other)
    exchange = Exchange.objects.create(
        territory=post.territory,
        post=post,
        helper=helper,
        receiver=receiver,
        category=post.category,
        helper_neighbourhood=helper.neighbourhood,
        receiver_neighbourhood=receiver.neighbourhood,
        happened_on=happened_on,
        duration_minutes=duration_minutes,
        entered_by=by if by.pk != post.author_id else None,
    )
    if not (post.kind == PostKind.OFFER and post.when == enums.When.WEEKLY):
        post.status = PostStatus.DONE
        post.save(update_fields=["status", "updated_at"])
    if conversation.accepted_at is None:
        conversation.accepted_at = timezone.now()
        conversation.save(update_fields=["accepted_at"])
    if note.strip():
        ExchangeNote.objects.create(
            exchange=exchange, author=post.author, body=note.strip(), entered_by=exchange.entered_by
        )
    if by.pk != post.author_id:
        record_proxy_action(
            by, post.author, _("help recorded for %(reference)s") % {"reference": post.reference}
        )
    return exchange


@transaction.atomic
def add_exchange_note(
    exchange: Exchange, *, author: User, body: str, entered_by: User | None = None
) -> ExchangeNote:
    """`author` (one side of the exchange) says how it went; a referent may write it for them."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a few words."))
    if author.pk not in (exchange.helper_id, exchange.receiver_id):
        raise ValidationError(_("This person did not take part in this exchange."))
    if entered_by is not None and entered_by.pk == author.pk:
        entered_by = None
    note, _created = ExchangeNote.objects.update_or_create(
        exchange=exchange, author=author, defaults={"body": body[:1000], "entered_by": entered_by}
    )
    if entered_by is not None:
        record_proxy_action(entered_by, author, _("private note added on an exchange"))
    return note


# Blocking, reports and moderation --------------------------------------------


@transaction.atomic
def block(*, blocker: User, blocked: User, entered_by: User | None = None) -> Block:
    """`blocker` no longer hears from `blocked`; `entered_by` is the referent blocking for an
    assisted person (recorded as acting on their behalf)."""
    if blocker.pk == blocked.pk:
        raise ValidationError(_("You cannot block yourself."))
    found, created = Block.objects.get_or_create(
        blocker=blocker, blocked=blocked, defaults={"territory": blocker.territory}
    )
    if created and entered_by is not None:
        record_proxy_action(entered_by, blocker, _("blocked %(name)s") % {"name": blocked.display_name})
    return found


@transaction.atomic
def unblock(*, blocker: User, blocked: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


def _referent_emails(post: Post) -> list[str]:
    return list(
        User.objects.in_territory(post.territory)
        .filter(
            Q(roles__kind=RoleKind.REFERENT, roles__commune=post.commune_id)
            | Q(roles__kind=RoleKind.ADMINISTRATOR, roles__territory=post.territory)
        )
        .exclude(email=None)
        .values_list("email", flat=True)
        .distinct()
    )


@transaction.atomic
def report(*, reporter: User, post: Post, reason: str, message: Message | None = None) -> Report:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say in a few words what is wrong."))
    if Report.objects.pending().filter(reporter=reporter, post=post, message=message).exists():
        raise ValidationError(_("You have already reported this; a referent will look at it."))
    created = Report.objects.create(
        territory=post.territory, reporter=reporter, post=post, message=message, reason=reason[:1000]
    )
    url = absolute_url(post.territory, reverse("board:desk_moderation"))
    email_many(_referent_emails(post), "board/email/report.txt", post=post, url=url)
    return created


@transaction.atomic
def moderate(
    *, moderator: User, kind: str, reason: str, post: Post, report: Report | None = None
) -> ModerationAction:
    """Hide, restore, approve a post, warn or suspend its author, or close a report; always logged."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason: it is kept in the moderation log."))
    person = None
    message = report.message if report is not None else None
    then = []  # emails queued once the post is saved, in this transaction
    if kind == ModerationKind.HIDE and message is not None:
        message.hidden = True  # a reported message: hide it, not the whole post
        message.save(update_fields=["hidden"])
    elif kind == ModerationKind.HIDE:
        post.visibility = Visibility.HIDDEN
    elif kind in (ModerationKind.RESTORE, ModerationKind.APPROVE):
        was_pending = post.visibility == Visibility.PENDING
        post.visibility = Visibility.VISIBLE
        if was_pending:
            url = absolute_url(post.territory, post.get_absolute_url())
            then.append(lambda: email(post.author, "board/email/approved.txt", post=post, url=url))
            then.append(lambda: notify_new_post(post))
    elif kind == ModerationKind.WARN:
        person = message.sender if message is not None else post.author
        url = absolute_url(post.territory, post.get_absolute_url())
        then.append(lambda: email(person, "board/email/warning.txt", post=post, reason=reason, url=url))
    elif kind == ModerationKind.SUSPEND:
        person = message.sender if message is not None else post.author
        if people_rules.is_referent(person, post.territory) or person.is_assisted:
            raise ValidationError(_("This account cannot be suspended here; ask an administrator."))
        person.is_active = False
        person.save(update_fields=["is_active"])
        Post.objects.filter(author=person, status=PostStatus.OPEN).update(visibility=Visibility.HIDDEN)
        if person.pk == post.author_id and post.status == PostStatus.OPEN:
            post.visibility = Visibility.HIDDEN
    elif kind != ModerationKind.DISMISS:
        raise ValidationError(_("Unknown action."))
    post.save(update_fields=["visibility", "updated_at"])
    for queue_email in then:
        queue_email()
    if report is not None:
        report.resolved_at = timezone.now()
        report.save(update_fields=["resolved_at"])
    elif kind in (ModerationKind.HIDE, ModerationKind.DISMISS):
        Report.objects.pending().filter(post=post).update(resolved_at=timezone.now())
    return ModerationAction.objects.create(
        territory=post.territory,
        moderator=moderator,
        kind=kind,
        reason=reason[:1000],
        post=post,
        person=person,
        report=report,
    )


# Matching and notifications --------------------------------------------------


def _nearest_first(queryset: QuerySet, post: Post, prefix: str = "") -> QuerySet:
    return queryset.annotate(
        distance=Case(
            When(**{f"{prefix}neighbourhood": post.neighbourhood_id}, then=Value(0))
            if post.neighbourhood_id
            else When(pk=None, then=Value(0)),
            When(**{f"{prefix}commune": post.commune_id}, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


def matching_posts(post: Post, limit: int = 10) -> QuerySet[Post]:
    """For a request, the open offers of its category; for an offer, the open requests. Nearest first."""
    other_kind = PostKind.OFFER if post.is_request else PostKind.REQUEST
    found = (
        Post.objects.in_territory(post.territory)
        .open()
        .filter(kind=other_kind, category=post.category_id)
        .exclude(author=post.author_id)
        .for_cards()
    )
    return _nearest_first(found, post).order_by("distance", "-created_at")[:limit]


def matching_people(post: Post, limit: int = 10) -> QuerySet[User]:
    """People whose "can help with" mentions the category or the title's words. Nearest first."""
    terms = {w for w in words(post.category.name) + words(post.title) if len(w) >= 4}
    if not post.is_request or not terms:
        return User.objects.none()
    condition = Q()
    for term in sorted(terms)[:8]:
        condition |= Q(can_help_with__icontains=term)
    found = (
        User.objects.in_territory(post.territory)
        .residents()
        .filter(condition)
        .exclude(pk=post.author_id)
        .select_related("commune", "neighbourhood")
    )
    return _nearest_first(found, post).order_by("distance", "display_name")[:limit]


def _interested(post: Post) -> tuple[list[User], list[User]]:
    """Who hears about `post`: (at once, in the daily digest)."""
    preferences = {
        p.user_id: p
        for p in NotificationPreference.objects.in_territory(post.territory).prefetch_related("categories")
    }
    offer_authors = set()
    if post.is_request:
        offer_authors = set(
            Post.objects.in_territory(post.territory)
            .open()
            .filter(kind=PostKind.OFFER, category=post.category_id)
            .values_list("author_id", flat=True)
        )
    at_once, daily = [], []
    people = (
        User.objects.in_territory(post.territory)
        .residents()
        .filter(is_assisted=False)
        .exclude(email=None)
        .exclude(pk=post.author_id)
        .exclude(Exists(Block.objects.filter(blocker=OuterRef("pk"), blocked=post.author_id)))
        .only("pk", "email", "commune_id", "display_name")
    )
    for person in people.iterator():
        preference = preferences.get(person.pk)
        frequency = preference.frequency if preference else Frequency.DAILY
        if frequency == Frequency.NEVER:
            continue
        if person.pk in offer_authors:  # a matching offer: told at once
            at_once.append(person)
            continue
        scope = preference.scope if preference else Scope.COMMUNE
        if scope == Scope.COMMUNE and person.commune_id != post.commune_id:
            continue
        categories = {c.pk for c in preference.categories.all()} if preference else set()
        if categories and post.category_id not in categories:
            continue
        (at_once if frequency == Frequency.IMMEDIATE else daily).append(person)
    return at_once, daily


def notify_new_post(post: Post) -> None:
    at_once, daily = _interested(post)
    url = absolute_url(post.territory, post.get_absolute_url())
    preferences_url = absolute_url(post.territory, reverse("board:preferences"))
    if at_once:
        email_many(
            at_once,
            "board/email/new_post.txt",
            post=post,
            url=url,
            preferences_url=preferences_url,
        )
    PendingNotification.objects.bulk_create(
        [PendingNotification(user=p, post=post) for p in daily], ignore_conflicts=True
    )


def send_digests(territory: Territory | None = None, now: datetime.datetime | None = None) -> int:
    """Send each person at most one digest a day of the posts waiting for them; return how many."""
    now = now or timezone.now()
    pending = PendingNotification.objects.filter(sent_at=None).select_related(
        "user", "post__category", "post__commune", "post__neighbourhood", "post__territory"
    )
    if territory is not None:
        pending = pending.in_territory(territory)
    by_user: dict[int, list[PendingNotification]] = defaultdict(list)
    for item in pending.order_by("created_at"):
        by_user[item.user_id].append(item)
    last = dict(
        NotificationPreference.objects.filter(user__in=by_user).values_list("user_id", "last_digest_at")
    )
    sent = 0
    for user_id, items in by_user.items():
        if last.get(user_id) and last[user_id] > now - datetime.timedelta(hours=20):
            continue
        with transaction.atomic():
            user = items[0].user
            visible = [i for i in items if i.post.is_open]
            if visible:
                first = visible[0].post
                email(
                    user.email,
                    "board/email/digest.txt",
                    items=[
                        {"post": i.post, "url": absolute_url(i.post.territory, i.post.get_absolute_url())}
                        for i in visible
                    ],
                    preferences_url=absolute_url(first.territory, reverse("board:preferences")),
                )
                sent += 1
            PendingNotification.objects.filter(pk__in=[i.pk for i in items]).update(sent_at=now)
            NotificationPreference.objects.update_or_create(user=user, defaults={"last_digest_at": now})
    return sent


def expire_posts(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Remind authors a week before expiry, expire posts past their date; return (reminded, expired)."""
    now = now or timezone.now()
    reminded = 0
    due = Post.objects.filter(
        status=PostStatus.OPEN, reminder_sent_at=None, expires_at__lte=now + datetime.timedelta(days=7)
    ).select_related("author", "territory")
    for post in due.filter(expires_at__gt=now).iterator():
        with transaction.atomic():
            url = absolute_url(post.territory, post.get_absolute_url())
            if post.author.is_assisted:  # the referents renew it after asking the person
                email_many(_referent_emails(post), "board/email/expiring.txt", post=post, url=url)
            else:
                email(post.author.email, "board/email/expiring.txt", post=post, url=url)
            Post.objects.filter(pk=post.pk).update(reminder_sent_at=now)
            reminded += 1
    expired = Post.objects.filter(status=PostStatus.OPEN, expires_at__lte=now).update(
        status=PostStatus.EXPIRED, updated_at=now
    )
    return reminded, expired


def follow_up(territory: Territory, communes, now: datetime.datetime | None = None) -> QuerySet[Post]:
    """Open requests of `communes` that got no reply in time: a person should follow them up."""
    now = now or timezone.now()
    board = BoardSettings.objects.for_territory(territory)
    late = now - datetime.timedelta(days=board.follow_up_days)
    late_urgent = now - datetime.timedelta(days=board.follow_up_days_urgent)
    return (
        Post.objects.in_territory(territory)
        .open()
        .filter(kind=PostKind.REQUEST, first_reply_at=None, commune__in=communes)
        .filter(Q(created_at__lte=late) | Q(urgent=True, created_at__lte=late_urgent))
        .for_cards()
        .order_by("-urgent", "created_at")
    )
