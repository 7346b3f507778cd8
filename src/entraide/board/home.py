"""What the board adds to the personal home and to the referent's desk (entraide.core.home)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from entraide.core.home import Item, Section, first_items
from entraide.people import rules as people_rules

from . import services
from .enums import Visibility
from .models import PUBLIC_STATUSES, Conversation, Post, Report


def _when(moment) -> str:
    return date_format(localtime(moment), "j F H:i")


def _about(post: Post) -> str:
    return f"{post.reference} · {post.title}"


def personal(request: HttpRequest) -> list[Section]:
    user, territory = request.user, request.territory
    conversations = Conversation.objects.in_territory(territory).select_related(
        "post", "post__author", "replier"
    )

    def reply_item(conversation: Conversation) -> Item:
        other = conversation.other_party(user)
        return Item(
            label=_("%(name)s about %(post)s")
            % {"name": other.display_name, "post": _about(conversation.post)},
            url=conversation.get_absolute_url(),
            detail=_when(conversation.last_message_at),
        )

    replies, replies_count = first_items(
        conversations.unread_by(user).order_by("-last_message_at"), reply_item
    )
    done, done_count = first_items(
        conversations.filter(
            post__author=user, done_proposed_at__isnull=False, post__status__in=PUBLIC_STATUSES
        ).order_by("-done_proposed_at"),
        lambda conversation: Item(
            label=_("%(name)s says the help happened: %(post)s")
            % {"name": conversation.replier.display_name, "post": _about(conversation.post)},
            url=reverse("board:done", kwargs={"reference": conversation.post.reference}),
            detail=_when(conversation.done_proposed_at),
        ),
    )

    def post_item(post: Post) -> Item:
        detail = post.get_status_display()
        if post.visibility == Visibility.PENDING:
            detail = post.get_visibility_display()
        return Item(label=_about(post), url=post.get_absolute_url(), detail=str(detail))

    posts, posts_count = first_items(
        Post.objects.in_territory(territory)
        .filter(author=user, status__in=PUBLIC_STATUSES)
        .exclude(visibility=Visibility.HIDDEN)
        .order_by("-created_at"),
        post_item,
    )
    mine = reverse("board:mine")
    return [
        Section(_("Replies waiting for you"), mine, replies, replies_count, waiting=True, order=10),
        Section(_("Help to confirm"), mine, done, done_count, waiting=True, order=15),
        Section(_("Your open posts"), mine, posts, posts_count, order=30),
    ]


def desk(request: HttpRequest) -> list[Section]:
    territory = request.territory
    communes = people_rules.communes_looked_after(request.user, territory)

    inbox = (
        Conversation.objects.in_territory(territory)
        .filter(post__author__is_assisted=True, post__commune__in=communes)
        .unread_by_author()
        .select_related("post__author", "replier")
        .order_by("-last_message_at")
    )
    replies, replies_count = first_items(
        inbox,
        lambda conversation: Item(
            label=_("%(replier)s replied to %(author)s: %(post)s")
            % {
                "replier": conversation.replier.display_name,
                "author": conversation.post.author.display_name,
                "post": _about(conversation.post),
            },
            url=conversation.get_absolute_url(),
            detail=_when(conversation.last_message_at),
        ),
    )

    def post_item(post: Post) -> Item:
        return Item(
            label=f"{_about(post)} ({post.author.display_name})",
            url=post.get_absolute_url(),
            detail=_when(post.created_at),
        )

    follow_up, follow_up_count = first_items(services.follow_up(territory, communes), post_item)
    pending_posts = (
        Post.objects.in_territory(territory)
        .filter(visibility=Visibility.PENDING, commune__in=communes)
        .select_related("author")
        .order_by("created_at")
    )
    held, held_count = first_items(pending_posts, post_item)
    reports, reports_count = first_items(
        Report.objects.in_territory(territory)
        .pending()
        .filter(post__commune__in=communes)
        .select_related("post")
        .order_by("created_at"),
        lambda report: Item(
            label=_("Report on %(post)s") % {"post": _about(report.post)},
            url=reverse("board:desk_moderation"),
            detail=_when(report.created_at),
        ),
    )
    desk_posts, desk_posts_count = first_items(
        Post.objects.in_territory(territory)
        .filter(author__is_assisted=True, commune__in=communes, status__in=PUBLIC_STATUSES)
        .select_related("author")
        .order_by("-created_at"),
        post_item,
    )
    return [
        Section(_("Replies to relay"), reverse("board:desk_inbox"), replies, replies_count, True, order=10),
        Section(
            _("Requests to follow up"),
            reverse("board:desk_follow_up"),
            follow_up,
            follow_up_count,
            waiting=True,
            order=20,
        ),
        Section(
            _("Moderation"),
            reverse("board:desk_moderation"),
            (reports + held)[:5],
            reports_count + held_count,
            waiting=True,
            order=30,
        ),
        Section(
            _("Open posts entered at the desk"),
            reverse("board:list"),
            desk_posts,
            desk_posts_count,
            order=60,
        ),
    ]
