"""What the board holds about a person, for export and erasure (RGPD).

Erasure withdraws their open posts and erases every text they wrote (posts, messages, reports,
notes, moderation reasons); the rows others' records need (conversations, exchanges) stay,
pointing at the anonymised account.
"""

from django.db.models import Q
from django.utils.translation import gettext

from entraide.people.models import User

from .enums import PostStatus
from .models import (
    Block,
    Conversation,
    Exchange,
    ExchangeNote,
    Message,
    ModerationAction,
    NotificationPreference,
    PendingNotification,
    Post,
    Report,
)

KEPT = "kept, pointing at the anonymised account"
ERASED = "replaced by “(erased)”"

# Every field of the board that points at a person or holds their text, and what erasure does
# with it (tests/people/test_privacy_coverage.py checks that none is missing).
COVERS = {
    "board.Post.author": "open posts withdrawn; every post's title and text erased",
    "board.Post.title": "replaced by “Erased post”",
    "board.Post.body": "emptied",
    "board.Post.search_text": "recomputed from the erased title",
    "board.Post.reference": "kept: a code, not personal",
    "board.Post.entered_by": f"{KEPT} (the referent's record of entering it)",
    "board.Conversation.replier": f"{KEPT}: the other party's conversation; their messages erased",
    "board.Message.sender": "their messages' text erased",
    "board.Message.body": ERASED,
    "board.Message.entered_by": f"{KEPT} (the text is the assisted person's)",
    "board.Block.blocker": "their blocks deleted",
    "board.Block.blocked": f"{KEPT}: the blocker's record",
    "board.Report.reporter": "their reports' reason erased; the report stays for the referents",
    "board.Report.reason": ERASED,
    "board.ModerationAction.moderator": "the reasons they wrote erased",
    "board.ModerationAction.person": "the reasons written about them erased",
    "board.ModerationAction.reason": ERASED,
    "board.NotificationPreference.user": "deleted",
    "board.PendingNotification.user": "deleted",
    "board.Exchange.helper": f"{KEPT}: the other person's and the statistics' record",
    "board.Exchange.receiver": f"{KEPT}: the other person's and the statistics' record",
    "board.Exchange.entered_by": KEPT,
    "board.ExchangeNote.author": "their notes deleted",
    "board.ExchangeNote.body": "deleted with the note",
    "board.ExchangeNote.entered_by": f"{KEPT} (the text is the assisted person's)",
}


def _name(user: User | None) -> str | None:
    return user.display_name if user is not None else None


def export(person: User) -> dict:
    posts = Post.objects.filter(author=person).select_related("category", "commune", "entered_by")
    conversations = (
        Conversation.objects.filter(Q(replier=person) | Q(post__author=person))
        .select_related("post__author", "replier")
        .prefetch_related("messages__sender")
        .order_by("created_at", "pk")
    )
    exchanges = (
        Exchange.objects.filter(Q(helper=person) | Q(receiver=person))
        .select_related("helper", "receiver", "category")
        .order_by("happened_on", "pk")
    )
    preference = NotificationPreference.objects.filter(user=person).prefetch_related("categories").first()
    return {
        "posts": [
            {
                "reference": p.reference,
                "kind": p.get_kind_display(),
                "title": p.title,
                "text": p.body,
                "category": p.category.name,
                "commune": p.commune.name,
                "when": p.when_display(),
                "urgent": p.urgent,
                "status": p.get_status_display(),
                "moderation": p.get_visibility_display(),
                "created_at": p.created_at.isoformat(),
                "expires_at": p.expires_at.isoformat(),
                "entered_by": _name(p.entered_by),
            }
            for p in posts.order_by("created_at", "pk")
        ],
        "conversations": [
            {
                "post": f"{c.post.reference} {c.post.title}",
                "with": _name(c.other_party(person)),
                "started_at": c.created_at.isoformat(),
                "contact_shared": c.author_shares_contact
                if c.post.author_id == person.pk
                else c.replier_shares_contact,
                "messages": [
                    {"at": m.created_at.isoformat(), "from": _name(m.sender), "text": m.body}
                    for m in c.messages.all()
                    if m.sender_id == person.pk or not m.hidden
                ],
            }
            for c in conversations
        ],
        "reports": [
            {
                "post": r.post.reference,
                "reason": r.reason,
                "created_at": r.created_at.isoformat(),
                "resolved_at": r.resolved_at.isoformat() if r.resolved_at else None,
            }
            for r in Report.objects.filter(reporter=person)
            .select_related("post")
            .order_by("created_at", "pk")
        ],
        "blocked_people": [
            {"person": _name(b.blocked), "since": b.created_at.isoformat()}
            for b in Block.objects.filter(blocker=person).select_related("blocked").order_by("created_at")
        ],
        "exchanges": [
            {
                "date": e.happened_on.isoformat(),
                "role": gettext("helper") if e.helper_id == person.pk else gettext("person helped"),
                "with": _name(e.receiver if e.helper_id == person.pk else e.helper),
                "category": e.category.name if e.category_id else None,
                "duration_minutes": e.duration_minutes,
            }
            for e in exchanges
        ],
        "notes_on_exchanges": [
            {"exchange": str(n.exchange.happened_on), "text": n.body, "created_at": n.created_at.isoformat()}
            for n in ExchangeNote.objects.filter(author=person)
            .select_related("exchange")
            .order_by("created_at")
        ],
        "moderation_about_them": [
            {"date": m.created_at.isoformat(), "action": m.get_kind_display(), "reason": m.reason}
            for m in ModerationAction.objects.filter(person=person).order_by("created_at", "pk")
        ],
        "moderation_they_did": [
            {"date": m.created_at.isoformat(), "action": m.get_kind_display(), "reason": m.reason}
            for m in ModerationAction.objects.filter(moderator=person).order_by("created_at", "pk")
        ],
        "notification_preferences": None
        if preference is None
        else {
            "how_often": preference.get_frequency_display(),
            "where": preference.get_scope_display(),
            "categories": [c.name for c in preference.categories.all()],
        },
        "posts_waiting_for_the_digest": list(
            PendingNotification.objects.filter(user=person, sent_at__isnull=True)
            .order_by("created_at")
            .values_list("post__reference", flat=True)
        ),
    }


def erase(person: User) -> None:
    erased = gettext("(erased)")
    for post in Post.objects.filter(author=person).select_related("category"):
        if post.status in (PostStatus.OPEN, PostStatus.IN_PROGRESS):
            post.status = PostStatus.WITHDRAWN
        post.title = gettext("Erased post")
        post.body = ""
        post.save()
    Message.objects.filter(sender=person).update(body=erased)
    Report.objects.filter(reporter=person).update(reason=erased)
    ModerationAction.objects.filter(Q(moderator=person) | Q(person=person)).update(reason=erased)
    Block.objects.filter(blocker=person).delete()
    ExchangeNote.objects.filter(author=person).delete()
    NotificationPreference.objects.filter(user=person).delete()
    PendingNotification.objects.filter(user=person).delete()
