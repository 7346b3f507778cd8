"""Replying on the board and declaring time-bank hours with the keyboard alone (issue 17, RGAA
themes 7, 11 and 12): only Tab, Enter, Space, the arrows and typed text, never a click or `fill`.

Each element reached shows the site's focus ring; after a failed submission the focus is on the
error summary, whose link leads to the field (the shared fixture checks axe and the RGAA checks on
every page reached).
"""

import pytest

from entraide.board import services as board
from entraide.board.enums import PostKind
from entraide.board.models import Message, Post
from entraide.categories.defaults import ensure_default_categories
from entraide.categories.models import Category
from entraide.people.models import User
from entraide.timebank import services as timebank
from entraide.timebank.models import Account, Claim
from tests.browser.test_keyboard_desk import (
    PASSWORD,
    assert_focus_visible,
    assert_on_error_summary,
    describe_focus,
    from_the_top,
    is_focused,
    press_and_wait,
)

AUTHOR = "habitant3@demo.entraide.invalid"
NEIGHBOUR = "habitant9@demo.entraide.invalid"


def assert_ring(page) -> None:
    """The site's focus ring on the focused element. On a date field's calendar button (a part
    Chromium draws, styled by the site's ::-webkit-calendar-picker-indicator:focus-visible rule)
    the field itself matches neither :focus nor :focus-visible and the ring cannot be read."""
    on_picker = page.evaluate("() => document.activeElement.matches('input[type=date]:not(:focus)')")
    if not on_picker:
        assert_focus_visible(page)


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus; each stop on the way is drawn focused."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            continue  # out to the browser's own controls: Tab comes back to the top
        assert_ring(page)
        if is_focused(page, selector):
            return
    pytest.fail(f"{selector} is never reached by Tab (last: {describe_focus(page)})")


def log_in(page, visit, email: str) -> None:
    visit("/compte/connexion/", on=page)
    from_the_top(page)
    tab_to(page, "main input[name=login]")
    page.keyboard.type(email)
    tab_to(page, "main input[name=password]")
    page.keyboard.type(PASSWORD)
    press_and_wait(page)
    assert "/compte/connexion/" not in page.url, describe_focus(page)


def follow_error_link_to(page, field_id: str) -> None:
    """From the focused error summary, Tab to its link for `field_id` and follow it: the address
    names the field and the next stop (if not the field itself) is the field."""
    page.keyboard.press("Tab")
    assert describe_focus(page).startswith(f"a #{field_id}"), describe_focus(page)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.url.endswith(f"#{field_id}"), page.url
    if not is_focused(page, f"main #{field_id}"):
        page.keyboard.press("Tab")
    assert is_focused(page, f"main #{field_id}"), describe_focus(page)
    assert_focus_visible(page)


@pytest.fixture
def neighbours(demo_territory):
    ensure_default_categories(demo_territory)
    return User.objects.get(email=AUTHOR), User.objects.get(email=NEIGHBOUR)


def test_a_resident_replies_to_a_post_with_the_keyboard(new_context, visit, assert_accessible, neighbours):
    author, neighbour = neighbours
    post = board.publish_post(
        Post(
            kind=PostKind.REQUEST,
            title="Tailler une haie",
            category=Category.objects.in_territory(author.territory).first(),
            commune=author.commune,
        ),
        author=author,
    )
    page = new_context().new_page()
    log_in(page, visit, NEIGHBOUR)
    visit(post.get_absolute_url(), on=page)
    from_the_top(page)
    body = "main form[action$='/repondre/'] textarea[name=body]"
    send = "main form[action$='/repondre/'] button[type=submit]"
    tab_to(page, body)
    tab_to(page, send)
    press_and_wait(page)  # an empty reply
    assert_on_error_summary(page, assert_accessible)
    assert page.locator(body).get_attribute("aria-invalid") == "true"
    assert not Message.objects.filter(conversation__post=post).exists()

    field_id = page.locator(body).get_attribute("id")
    follow_error_link_to(page, field_id)
    page.keyboard.type("Je peux venir samedi avec mon taille-haie.")
    tab_to(page, send)
    press_and_wait(page)
    assert_accessible(page)
    message = Message.objects.get(conversation__post=post)
    assert (message.sender, message.body) == (neighbour, "Je peux venir samedi avec mon taille-haie.")
    assert "Je peux venir samedi avec mon taille-haie." in page.locator("main").inner_text()


def test_a_resident_declares_hours_with_the_keyboard(new_context, visit, assert_accessible, neighbours):
    receiver, helper = neighbours
    for person in (helper, receiver):
        if not hasattr(person, "time_account"):
            timebank.open_account(person)
    receiver_account = Account.objects.get(owner=receiver)
    page = new_context().new_page()
    log_in(page, visit, NEIGHBOUR)
    visit("/banque-du-temps/declarer/", on=page)
    from_the_top(page)

    # Find the person by name: the search form, sent with Enter.
    tab_to(page, "main input#find-person")
    page.keyboard.type(receiver.display_name.split()[0])
    press_and_wait(page)
    assert_accessible(page)

    # A bare number is not a duration, and nothing says what was done: refused, nothing recorded.
    record = "main form[method=post] button[type=submit]"
    tab_to(page, "main select[name=receiver]")
    for _ in range(30):  # the arrows walk the list to the person
        if page.locator("main select[name=receiver]").input_value() == str(receiver_account.public_id):
            break
        page.keyboard.press("ArrowDown")
    else:
        pytest.fail("the person is not in the list")
    tab_to(page, "main input[name=minutes]")
    page.keyboard.type("2")
    tab_to(page, record)
    press_and_wait(page)
    assert_on_error_summary(page, assert_accessible)
    assert page.locator("main input[name=minutes]").get_attribute("aria-invalid") == "true"
    assert not Claim.objects.exists()

    follow_error_link_to(page, page.locator("main input[name=minutes]").get_attribute("id"))
    page.keyboard.press("Control+A")
    page.keyboard.type("1 h 30")
    tab_to(page, "main input[name=description]")
    page.keyboard.type("Tonte de la pelouse")
    tab_to(page, record)
    press_and_wait(page)
    assert_accessible(page)
    assert page.url.endswith("/banque-du-temps/")
    claim = Claim.objects.get()
    assert (claim.helper, claim.receiver, claim.minutes, claim.description) == (
        helper,
        receiver,
        90,
        "Tonte de la pelouse",
    )
    assert claim.status == "pending"
