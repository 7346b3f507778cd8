"""The mutual-aid board: requests and offers, and the exchanges they lead to."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.core.search import normalize
from entraide.territories.models import Commune, Neighbourhood, ScopedQuerySet, Territory

from .enums import Frequency, ModerationKind, PostKind, PostStatus, Scope, Visibility, Weekday, When

# No 0/O, 1/I/L: a reference is read aloud on the phone and copied from paper.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PUBLIC_STATUSES = (PostStatus.OPEN, PostStatus.IN_PROGRESS)
PUBLIC_POSTS = Q(visibility=Visibility.VISIBLE, status__in=PUBLIC_STATUSES)


def new_reference(length: int = 4) -> str:
    return "B-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(length))


class BoardSettingsQuerySet(ScopedQuerySet):
    def for_territory(self, territory: Territory) -> "BoardSettings":
        """The territory's settings, or the defaults (unsaved) if none were set."""
        return self.in_territory(territory).first() or BoardSettings(territory=territory)


class BoardSettings(models.Model):
    """The board's settings of one territory (edited in the admin)."""

    territory = models.OneToOneField(Territory, on_delete=models.CASCADE, related_name="board_settings")
    expiry_days = models.PositiveSmallIntegerField(
        _("posts expire after (days)"), default=28, help_text=_("The author is told a week before.")
    )
    follow_up_days = models.PositiveSmallIntegerField(
        _("a request without reply goes to the desk after (days)"), default=3
    )
    follow_up_days_urgent = models.PositiveSmallIntegerField(
        _("an urgent request without reply goes to the desk after (days)"), default=1
    )
    hold_new_accounts = models.BooleanField(
        _("hold posts of new accounts for approval"),
        default=False,
        help_text=_("A referent approves them before they are shown."),
    )
    new_account_days = models.PositiveSmallIntegerField(_("an account is new for (days)"), default=7)

    objects = BoardSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("board settings")
        verbose_name_plural = _("board settings")
        constraints = [
            models.CheckConstraint(condition=Q(expiry_days__gte=7), name="board_expiry_at_least_a_week"),
        ]

    def __str__(self) -> str:
        return str(self.territory)


class PostQuerySet(ScopedQuerySet):
    def public(self) -> "PostQuerySet":
        """What anyone may see: visible, open or in progress."""
        return self.filter(visibility=Visibility.VISIBLE, status__in=PUBLIC_STATUSES)

    def open(self) -> "PostQuerySet":
        return self.filter(visibility=Visibility.VISIBLE, status=PostStatus.OPEN)

    def for_cards(self) -> "PostQuerySet":
        return self.select_related("category", "commune", "neighbourhood", "author", "entered_by")


class Post(models.Model):
    """A request ("I need a hand with…") or an offer ("I can help with…")."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("a few lines"), max_length=1000, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("category"))
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, verbose_name=_("commune"))
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("neighbourhood")
    )
    when = models.CharField(_("when"), max_length=10, choices=When.choices, default=When.FLEXIBLE)
    when_date = models.DateField(_("date"), null=True, blank=True)
    when_until = models.DateField(_("until"), null=True, blank=True)
    when_weekday = models.PositiveSmallIntegerField(
        _("day of the week"), choices=Weekday.choices, null=True, blank=True
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=PostStatus.choices, default=PostStatus.OPEN)
    visibility = models.CharField(
        _("moderation"), max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts", verbose_name=_("author")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The referent who entered it on someone's behalf, if any."),
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(_("expires on"))
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_reply_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PostKind.values), name="post_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=PostStatus.values), name="post_status_valid"),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="post_visibility_valid"
            ),
            models.CheckConstraint(
                condition=Q(urgent=False) | Q(kind=PostKind.REQUEST), name="post_only_requests_are_urgent"
            ),
            models.CheckConstraint(
                condition=~Q(when__in=[When.DATE, When.PERIOD]) | Q(when_date__isnull=False),
                name="post_dated_when_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(when=When.PERIOD) | Q(when_until__isnull=False, when_until__gte=F("when_date")),
                name="post_period_has_ordered_dates",
            ),
            models.CheckConstraint(
                condition=~Q(when=When.WEEKLY) | Q(when_weekday__isnull=False),
                name="post_weekly_has_weekday",
            ),
            models.CheckConstraint(
                condition=~Q(entered_by=F("author")), name="post_entered_for_someone_else"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="post_has_title"),
        ]
        indexes = [
            # The board: newest first, with each filter it offers. (Plain composite indexes rather
            # than partial ones on the public statuses: SQLite cannot match a partial index's
            # predicate against the query's bound parameters.)
            models.Index(fields=["territory", "status", "visibility", "-created_at"], name="post_board"),
            models.Index(fields=["territory", "kind", "status", "-created_at"], name="post_board_kind"),
            models.Index(fields=["category", "status", "-created_at"], name="post_board_category"),
            models.Index(fields=["commune", "status", "-created_at"], name="post_board_commune"),
            models.Index(fields=["neighbourhood", "status", "-created_at"], name="post_board_neighbourhood"),
            models.Index(fields=["territory", "urgent", "status", "-created_at"], name="post_board_urgent"),
            # The same on PostgreSQL, partial on what the public board shows and in its exact order:
            # a page is read from the index (no sort of every open post), whatever the closed posts.
            *(
                models.Index(
                    fields=[*columns, "-created_at", "-id"], condition=PUBLIC_POSTS & extra, name=name
                )
                for name, columns, extra in [
                    ("post_public", ["territory"], Q()),
                    ("post_public_kind", ["territory", "kind"], Q()),
                    ("post_public_category", ["category"], Q()),
                    ("post_public_commune", ["commune"], Q()),
                    ("post_public_neighbourhood", ["neighbourhood"], Q()),
                    ("post_public_urgent", ["territory"], Q(urgent=True)),
                ]
            ),
            # A resident's own posts, expiry, and the desk's follow-up list.
            models.Index(fields=["author", "-created_at"], name="post_by_author"),
            # A resident's open posts, newest first (the personal home), without their closed ones,
            # which accumulate over the years (partial: used on PostgreSQL).
            models.Index(
                fields=["author", "-created_at"],
                condition=Q(status__in=PUBLIC_STATUSES),
                name="post_open_by_author",
            ),
            models.Index(fields=["status", "expires_at"], name="post_expiry"),
            models.Index(
                fields=["commune", "created_at"],
                condition=Q(status=PostStatus.OPEN, kind=PostKind.REQUEST, first_reply_at__isnull=True),
                name="post_follow_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = normalize(self.reference, self.title, self.body, self.category.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("board:post", kwargs={"reference": self.reference})

    @property
    def is_request(self) -> bool:
        return self.kind == PostKind.REQUEST

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.VISIBLE and self.status in PUBLIC_STATUSES

    @property
    def is_open(self) -> bool:
        return self.visibility == Visibility.VISIBLE and self.status == PostStatus.OPEN

    @property
    def public_location(self) -> str:
        """Where, as far as public pages go: the neighbourhood and the commune."""
        if self.neighbourhood_id:
            return f"{self.neighbourhood.name}, {self.commune.name}"
        return self.commune.name

    def when_display(self) -> str:
        from django.utils.formats import date_format

        english = (get_language() or "").startswith("en")
        if self.when == When.DATE:
            # "le mercredi 9 décembre": the catalogue's weekday names are capitalised, for lists.
            day = date_format(self.when_date, "l j F")
            return str(_("on %(date)s") % {"date": day if english else day[:1].lower() + day[1:]})
        if self.when == When.PERIOD:
            return str(
                _("from %(start)s to %(end)s")
                % {"start": date_format(self.when_date, "j F"), "end": date_format(self.when_until, "j F")}
            )
        if self.when == When.WEEKLY:
            # "chaque lundi", but "every Monday": English capitalises weekdays.
            day = str(Weekday(self.when_weekday).label)
            if not english:
                day = day.lower()
            return str(_("every %(day)s") % {"day": day})
        return str(_("whenever suits"))

    def expires_soon(self) -> bool:
        return self.status == PostStatus.OPEN and self.expires_at - timezone.now() <= datetime.timedelta(
            days=7
        )


class ConversationQuerySet(ScopedQuerySet):
    territory_path = "post__territory"

    def unread_by_author(self) -> "ConversationQuerySet":
        """Conversations whose author (or the referent answering for them) has not seen the last message."""
        return self.filter(Q(author_read_at__isnull=True) | Q(last_message_at__gt=F("author_read_at")))

    def unread_by(self, user) -> "ConversationQuerySet":
        """The conversations of `user` (as author or replier) with a message they have not seen.

        Two index lookups joined by a UNION (the person's posts by `post_by_author`, then their
        conversations by post; theirs as replier by `conversation_by_replier`): one OR across the
        post and the conversation read every conversation of the territory, on every page of a
        logged-in person (the menu counts them)."""
        unread_by_author = Q(author_read_at__isnull=True) | Q(last_message_at__gt=F("author_read_at"))
        unread_by_replier = Q(replier_read_at__isnull=True) | Q(last_message_at__gt=F("replier_read_at"))
        everyone = self.model._default_manager
        as_author = everyone.filter(unread_by_author, post__author=user).order_by().values("pk")
        as_replier = everyone.filter(unread_by_replier, replier=user).order_by().values("pk")
        return self.filter(pk__in=as_author.union(as_replier, all=True))


class Conversation(models.Model):
    """The private talk between a post's author and one person who replied."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="conversations")
    replier = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations_started"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    author_shares_contact = models.BooleanField(default=False)
    replier_shares_contact = models.BooleanField(default=False)
    done_proposed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("The helper said the help happened; the author confirms.")
    )
    # One "new messages" email per side until that side opens the conversation.
    author_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    replier_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Each side's read marker: a conversation is unread for a side while its last message is newer.
    author_read_at = models.DateTimeField(null=True, blank=True, editable=False)
    replier_read_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "replier"], name="conversation_one_per_replier"),
        ]
        indexes = [models.Index(fields=["replier", "-last_message_at"], name="conversation_by_replier")]

    def __str__(self) -> str:
        return f"{self.post.reference} · {self.replier}"

    def get_absolute_url(self) -> str:
        return reverse("board:conversation", kwargs={"public_id": self.public_id})

    def other_party(self, user):
        return self.replier if user.pk == self.post.author_id else self.post.author

    @property
    def contacts_shared(self) -> bool:
        return self.author_shares_contact and self.replier_shares_contact


class MessageQuerySet(ScopedQuerySet):
    territory_path = "conversation__post__territory"


class Message(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"), max_length=2000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="message_not_empty")]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="message_by_conversation"),
            models.Index(fields=["sender", "created_at"], name="message_by_sender"),
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.body[:40]}"


class Block(models.Model):
    """`blocker` receives no more messages nor replies from `blocked`."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_someone_else"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} ⊘ {self.blocked}"


class ReportQuerySet(ScopedQuerySet):
    def pending(self) -> "ReportQuerySet":
        return self.filter(resolved_at__isnull=True)


class Report(models.Model):
    """Someone reported a post, or a message about it, to the referents of the post's commune."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    reason = models.TextField(_("what is wrong?"), max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="report_has_reason")]
        indexes = [
            models.Index(
                fields=["territory", "created_at"],
                condition=Q(resolved_at__isnull=True),
                name="report_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.post.reference}: {self.reason[:40]}"


class ModerationAction(models.Model):
    """What a referent did (hide, restore, approve, warn, suspend, dismiss), and why."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("action"), max_length=10, choices=ModerationKind.choices)
    reason = models.TextField(_("reason"), max_length=1000)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    report = models.ForeignKey(Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="moderation_has_reason"),
            models.CheckConstraint(condition=Q(kind__in=ModerationKind.values), name="moderation_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.moderator})"


class PreferenceQuerySet(ScopedQuerySet):
    territory_path = "user__territory"


class NotificationPreference(models.Model):
    """What a resident hears about. Without a row: a daily digest of their commune, all categories."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_preference"
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    scope = models.CharField(_("where"), max_length=10, choices=Scope.choices, default=Scope.COMMUNE)
    categories = models.ManyToManyField(
        Category,
        blank=True,
        related_name="+",
        verbose_name=_("categories"),
        help_text=_("None ticked: all categories."),
    )
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="preference_frequency_valid"
            ),
            models.CheckConstraint(condition=Q(scope__in=Scope.values), name="preference_scope_valid"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class PendingNotificationQuerySet(ScopedQuerySet):
    territory_path = "user__territory"


class PendingNotification(models.Model):
    """A post waiting for a person's next daily digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = PendingNotificationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="pending_notification_once")]
        indexes = [
            models.Index(
                fields=["user", "created_at"], condition=Q(sent_at__isnull=True), name="pending_unsent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.post}"


class Exchange(models.Model):
    """A piece of help that actually happened between two people.

    The unit the time bank and the evaluation build on. The neighbourhoods are
    copied at the time of the exchange, so statistics stay true when people move.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="exchanges_given",
        verbose_name=_("helper"),
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="exchanges_received",
        verbose_name=_("person helped"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("category")
    )
    helper_neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    receiver_neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The referent who entered it on someone's behalf, if any."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    post = models.ForeignKey(
        "Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchanges",
        verbose_name=_("post"),
        help_text=_("The board post this help answered, if any."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        ordering = ["-happened_on", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(helper=F("receiver")), name="exchange_between_two_people"),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__gt=0, duration_minutes__lte=1440),
                name="exchange_duration_within_a_day",
            ),
        ]
        indexes = [models.Index(fields=["territory", "happened_on"])]

    def __str__(self) -> str:
        return f"{self.helper} → {self.receiver} ({self.happened_on})"


class ExchangeNoteQuerySet(ScopedQuerySet):
    territory_path = "exchange__territory"


class ExchangeNote(models.Model):
    """How it went, from one side: seen by the referents only, never public."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("how it went (seen only by the referents)"), max_length=1000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The referent who entered it on someone's behalf, if any."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ExchangeNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("private note on an exchange")
        verbose_name_plural = _("private notes on exchanges")
        constraints = [
            models.UniqueConstraint(fields=["exchange", "author"], name="exchange_note_one_per_side"),
            models.CheckConstraint(condition=~Q(body=""), name="exchange_note_not_empty"),
            models.CheckConstraint(
                condition=~Q(entered_by=F("author")), name="exchange_note_entered_for_someone_else"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exchange} · {self.author}"
