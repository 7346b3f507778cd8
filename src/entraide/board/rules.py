"""Who may do what on the board: small predicates over `entraide.people.rules`."""

from entraide.people import rules as people_rules
from entraide.territories.models import Territory

from .enums import PostStatus
from .models import Conversation, Exchange, Post


def looks_after_commune(user, territory: Territory, commune_id: int) -> bool:
    """A referent of this commune, or an administrator of the territory."""
    return people_rules.is_administrator(user, territory) or commune_id in people_rules.referent_commune_ids(
        user, territory
    )


def speaks_for(user, territory: Territory, person) -> bool:
    """`user` is `person`, or a referent acting for `person` (an assisted person)."""
    if not user.is_authenticated:
        return False
    return user.pk == person.pk or people_rules.can_act_for(user, territory, person)


def can_see_post(user, territory: Territory, post: Post) -> bool:
    if post.is_public:
        return True
    return speaks_for(user, territory, post.author) or looks_after_commune(user, territory, post.commune_id)


def can_edit_post(user, territory: Territory, post: Post) -> bool:
    return post.status in (PostStatus.OPEN, PostStatus.EXPIRED) and speaks_for(user, territory, post.author)


def can_withdraw_post(user, territory: Territory, post: Post) -> bool:
    return post.status in (PostStatus.OPEN, PostStatus.IN_PROGRESS) and speaks_for(
        user, territory, post.author
    )


def can_renew_post(user, territory: Territory, post: Post) -> bool:
    return post.status in (PostStatus.OPEN, PostStatus.EXPIRED) and speaks_for(user, territory, post.author)


def can_reply(user, territory: Territory, post: Post) -> bool:
    """Anyone with an account but the author (or the referent speaking for them) may reply to an open post."""
    return (
        user.is_authenticated
        and not user.is_assisted
        and post.is_open
        and user.territory_id == territory.pk
        and not speaks_for(user, territory, post.author)
    )


def can_mark_done(user, territory: Territory, post: Post) -> bool:
    return post.status in (PostStatus.OPEN, PostStatus.IN_PROGRESS) and speaks_for(
        user, territory, post.author
    )


def can_moderate(user, territory: Territory, post: Post) -> bool:
    return looks_after_commune(user, territory, post.commune_id)


def can_take_part(user, territory: Territory, conversation: Conversation) -> bool:
    """Only the two people (or the referent speaking for an assisted author) see a conversation."""
    if not user.is_authenticated:
        return False
    return user.pk == conversation.replier_id or speaks_for(user, territory, conversation.post.author)


def is_author_side(user, territory: Territory, conversation: Conversation) -> bool:
    return speaks_for(user, territory, conversation.post.author)


def can_accept(user, territory: Territory, conversation: Conversation) -> bool:
    post = conversation.post
    return (
        is_author_side(user, territory, conversation)
        and post.status == PostStatus.OPEN
        and conversation.accepted_at is None
    )


def can_write_note_for(user, territory: Territory, exchange: Exchange, person) -> bool:
    """One side of an exchange writes their private note, or a referent writes it for an assisted side."""
    return person.pk in (exchange.helper_id, exchange.receiver_id) and speaks_for(user, territory, person)


def can_block(user, territory: Territory, person) -> bool:
    """Anyone with an account may block someone else of the territory."""
    return user.is_authenticated and person.pk != user.pk and person.territory_id == territory.pk


def can_browse_helpers(user, territory: Territory) -> bool:
    """“Who can help?” is for the territory's members, logged in with their own account."""
    return user.is_authenticated and not user.is_assisted and user.territory_id == territory.pk


def can_ask_helper(user, territory: Territory, post: Post, helper) -> bool:
    """The author of an open request writes to someone listed on “Who can help?”, about that request."""
    return (
        can_browse_helpers(user, territory)
        and post.author_id == user.pk
        and post.is_request
        and post.is_open
        and helper.pk != user.pk
        and helper.listed_as_helper
        and helper.is_active
        and not helper.is_assisted
        and helper.territory_id == territory.pk
    )
