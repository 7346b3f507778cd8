"""Who may do what with lending: small predicates over `entraide.people.rules`.

A commune's or a business's items are looked after by the referents of the item's commune (and
the administrators); an initiative's by its confirmed holders and those referents; a resident's
object by the resident. Those "keepers" decide on requests, hand over and take back.
"""

from entraide.directory.models import Holder
from entraide.people import rules as people_rules
from entraide.territories.models import Territory

from .enums import BLOCKING, BookingStatus, Borrowers, OwnerKind, SupportStatus
from .models import Booking, Item, SupportRequest


def is_member(user, territory: Territory) -> bool:
    return user.is_authenticated and user.territory_id == territory.pk


def looks_after_commune(user, territory: Territory, commune_id: int) -> bool:
    return people_rules.is_administrator(user, territory) or commune_id in people_rules.referent_commune_ids(
        user, territory
    )


def held_initiative_ids(user) -> set[int]:
    """The initiatives `user` is a confirmed holder of (loaded once per user object)."""
    if not user.is_authenticated:
        return set()
    if "_held_initiatives" not in user.__dict__:
        user.__dict__["_held_initiatives"] = set(
            Holder.objects.filter(user=user, confirmed=True).values_list("initiative_id", flat=True)
        )
    return user.__dict__["_held_initiatives"]


def is_keeper(user, territory: Territory, item: Item) -> bool:
    """Decides on the item's requests, hands it over, takes it back, edits it."""
    if not is_member(user, territory) or item.territory_id != territory.pk:
        return False
    if item.owner_kind == OwnerKind.RESIDENT:
        return user.pk == item.owner_person_id
    if item.owner_kind == OwnerKind.INITIATIVE and item.initiative_id in held_initiative_ids(user):
        return True
    return looks_after_commune(user, territory, item.commune_id)


def can_withdraw(user, territory: Territory, item: Item) -> bool:
    """The keepers, and the referents of the item's commune for a resident's object (moderation)."""
    return item.is_active and (
        is_keeper(user, territory, item)
        or (is_member(user, territory) and looks_after_commune(user, territory, item.commune_id))
    )


def can_see_item(user, territory: Territory, item: Item) -> bool:
    if item.is_resident_object and not is_member(user, territory):
        return False
    return (
        item.is_active
        or is_keeper(user, territory, item)
        or (is_member(user, territory) and looks_after_commune(user, territory, item.commune_id))
    )


def may_borrow_by_rules(user, territory: Territory, item: Item) -> bool:
    """The owner's rule on who may borrow."""
    if item.borrowers == Borrowers.REFERENTS:
        return people_rules.is_referent(user, territory)
    if item.borrowers == Borrowers.INITIATIVES:
        return bool(held_initiative_ids(user)) or people_rules.is_referent(user, territory)
    return True


def can_borrow(user, territory: Territory, item: Item) -> bool:
    return (
        is_member(user, territory)
        and not user.is_assisted
        and item.is_active
        and not item.is_communication
        and user.pk != item.owner_person_id
        and may_borrow_by_rules(user, territory, item)
    )


def can_ask_support(user, territory: Territory, item: Item) -> bool:
    return (
        is_member(user, territory)
        and not user.is_assisted
        and item.is_active
        and item.is_communication
        and may_borrow_by_rules(user, territory, item)
    )


def can_add_item(user, territory: Territory) -> bool:
    """Residents lend their own objects; referents add the commune's items."""
    return is_member(user, territory) and not user.is_assisted


def can_see_booking(user, territory: Territory, booking: Booking) -> bool:
    return user.pk == booking.borrower_id or is_keeper(user, territory, booking.item)


def can_decide(user, territory: Territory, booking: Booking) -> bool:
    return booking.status == BookingStatus.REQUESTED and is_keeper(user, territory, booking.item)


def can_cancel(user, territory: Territory, booking: Booking) -> bool:
    if booking.status not in (BookingStatus.REQUESTED, BookingStatus.APPROVED):
        return False
    return user.pk == booking.borrower_id or is_keeper(user, territory, booking.item)


def can_check_out(user, territory: Territory, booking: Booking) -> bool:
    return booking.status == BookingStatus.APPROVED and is_keeper(user, territory, booking.item)


def can_check_in(user, territory: Territory, booking: Booking) -> bool:
    return booking.status in (BookingStatus.CHECKED_OUT, BookingStatus.OVERDUE) and is_keeper(
        user, territory, booking.item
    )


def can_share_contact(user, territory: Territory, booking: Booking) -> bool:
    """Between neighbours only: a resident's object, a request still alive."""
    return (
        booking.item.is_resident_object
        and booking.status in (BookingStatus.REQUESTED, *BLOCKING)
        and user.pk in (booking.borrower_id, booking.item.owner_person_id)
    )


def can_use_desk(user, territory: Territory) -> bool:
    return people_rules.is_referent(user, territory)


def can_book_for_someone(user, territory: Territory, item: Item) -> bool:
    """A referent books on behalf of a person or an association without internet."""
    return item.is_active and not item.is_resident_object and can_use_desk(user, territory)


def can_handle_support(user, territory: Territory, request: SupportRequest) -> bool:
    return request.status in (SupportStatus.REQUESTED, SupportStatus.ACCEPTED) and looks_after_commune(
        user, territory, request.item.commune_id
    )
