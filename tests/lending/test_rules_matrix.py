"""Who may do what with lending, as a role × state matrix (like the board's and the meetups')."""

import pytest

from entraide.lending import rules
from entraide.lending.enums import BookingStatus, Borrowers, ItemKind, OwnerKind

from ..factories import UserFactory
from .factories import ItemFactory, at, make_booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(resident, neighbour, referent, administrator, outsider, commune):
    from django.contrib.auth.models import AnonymousUser

    assisted = UserFactory(commune=commune, email=None, is_assisted=True)
    return {
        "anonymous": AnonymousUser(),
        "owner": resident,
        "neighbour": neighbour,
        "referent": referent,
        "administrator": administrator,
        "outsider": outsider,
        "assisted": assisted,
    }


@pytest.fixture
def items(commune, resident):
    return {
        "hall": ItemFactory(commune=commune, kind=ItemKind.ROOM),
        "withdrawn": ItemFactory(commune=commune, is_active=False),
        "referents_only": ItemFactory(commune=commune, borrowers=Borrowers.REFERENTS),
        "drill": ItemFactory(
            commune=commune, kind=ItemKind.OBJECT, owner_kind=OwnerKind.RESIDENT, owner_person=resident
        ),
        "posters": ItemFactory(commune=commune, kind=ItemKind.COMMUNICATION),
    }


SEE = {
    "hall": {"anonymous", "owner", "neighbour", "referent", "administrator", "outsider", "assisted"},
    "withdrawn": {"referent", "administrator"},
    "drill": {"owner", "neighbour", "referent", "administrator", "assisted"},
}
BORROW = {
    "hall": {"owner", "neighbour", "referent", "administrator"},
    "withdrawn": set(),
    "referents_only": {"referent", "administrator"},
    "drill": {"neighbour", "referent", "administrator"},
    "posters": set(),
}
KEEP = {
    "hall": {"referent", "administrator"},
    "drill": {"owner"},
}


@pytest.mark.parametrize("item_key", SEE)
def test_who_sees_an_item(territory, people, items, item_key):
    seeing = {name for name, user in people.items() if rules.can_see_item(user, territory, items[item_key])}
    # The outsider's territory differs: the views answer 404 before asking (get_scoped_or_404).
    assert seeing - {"outsider"} == SEE[item_key] - {"outsider"}


@pytest.mark.parametrize("item_key", BORROW)
def test_who_may_borrow(territory, people, items, item_key):
    assert {n for n, u in people.items() if rules.can_borrow(u, territory, items[item_key])} == BORROW[
        item_key
    ]


@pytest.mark.parametrize("item_key", KEEP)
def test_who_keeps_an_item(territory, people, items, item_key):
    assert {n for n, u in people.items() if rules.is_keeper(u, territory, items[item_key])} == KEEP[item_key]


def test_who_asks_for_communication_support(territory, people, items):
    asking = {n for n, u in people.items() if rules.can_ask_support(u, territory, items["posters"])}
    assert asking == {"owner", "neighbour", "referent", "administrator"}


@pytest.mark.parametrize(
    ("status", "decide", "cancel", "check_out", "check_in"),
    [
        (BookingStatus.REQUESTED, True, True, False, False),
        (BookingStatus.APPROVED, False, True, True, False),
        (BookingStatus.CHECKED_OUT, False, False, False, True),
        (BookingStatus.OVERDUE, False, False, False, True),
        (BookingStatus.RETURNED, False, False, False, False),
        (BookingStatus.REFUSED, False, False, False, False),
        (BookingStatus.CANCELLED, False, False, False, False),
    ],
)
def test_what_the_keeper_and_the_borrower_may_do_in_each_state(
    territory, items, referent, neighbour, status, decide, cancel, check_out, check_in
):
    booking = make_booking(
        items["hall"], neighbour, at(3, 10), at(3, 12), status=status, refusal_reason="x", checked_out_at=None
    )
    assert rules.can_decide(referent, territory, booking) is decide
    assert rules.can_cancel(referent, territory, booking) is cancel
    assert rules.can_cancel(neighbour, territory, booking) is cancel
    assert rules.can_check_out(referent, territory, booking) is check_out
    assert rules.can_check_in(referent, territory, booking) is check_in
    for action in (rules.can_decide, rules.can_check_out, rules.can_check_in):
        assert action(neighbour, territory, booking) is False  # the borrower never decides nor hands over


def test_only_the_two_neighbours_share_contacts(territory, items, resident, neighbour, referent):
    booking = make_booking(items["drill"], neighbour, at(3, 10), at(3, 12))
    assert rules.can_share_contact(resident, territory, booking)
    assert rules.can_share_contact(neighbour, territory, booking)
    assert not rules.can_share_contact(referent, territory, booking)
    hall_booking = make_booking(items["hall"], neighbour, at(3, 10), at(3, 12))
    assert not rules.can_share_contact(neighbour, territory, hall_booking)


def test_who_withdraws_an_item(territory, people, items):
    withdrawing = {n for n, u in people.items() if rules.can_withdraw(u, territory, items["drill"])}
    assert withdrawing == {"owner", "referent", "administrator"}  # the referents moderate
    assert not any(rules.can_withdraw(u, territory, items["withdrawn"]) for u in people.values())
