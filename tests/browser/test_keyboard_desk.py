"""The referent's desk with the keyboard alone (issue 17, RGAA themes 7, 10, 11 and 12): moderating
a held post, relaying an answer for a person without internet, settling a disputed time claim.

Only Tab, Shift+Tab, Enter, Space and the arrows are used, never a click or `fill`; each element
reached shows the site's focus ring, and after a failed submission the focus is on the error
summary (the shared fixture checks axe and the RGAA checks on every page reached).
"""

import datetime
import uuid

import pytest

from entraide.board import services as board
from entraide.board.enums import PostKind, Visibility
from entraide.board.models import Conversation, Message, ModerationAction, Post
from entraide.categories.defaults import ensure_default_categories
from entraide.categories.models import Category
from entraide.people.models import User
from entraide.timebank import services as timebank
from entraide.timebank.models import Claim

PASSWORD = "entraide-demo"
REFERENT = "referent.81070@demo.entraide.invalid"
RESIDENT = "habitant3@demo.entraide.invalid"
HELPER = "habitant9@demo.entraide.invalid"


def describe_focus(page) -> str:
    return page.evaluate(
        """() => { const e = document.activeElement;
        return e.tagName.toLowerCase() + (e.name ? "[name=" + e.name + "]" : "")
          + " " + (e.getAttribute("href") || "") + " " + (e.innerText || "").trim().slice(0, 40); }"""
    )


def is_focused(page, selector: str) -> bool:
    return page.locator(selector).first.evaluate("e => e === document.activeElement")


def assert_focus_visible(page) -> None:
    """The element with the focus is drawn with the site's focus ring (at least 2 px)."""
    ring = page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e);
        return {visible: e.matches(':focus-visible'), style: s.outlineStyle,
                width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""
    )
    drawn = (ring["style"] != "none" and ring["width"] >= 2) or ring["shadow"] not in ("", "none")
    assert ring["visible"] and drawn, (describe_focus(page), ring)


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus (each stop seen on the way is drawn focused)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            continue  # past the last element, out to the browser: Tab comes back to the top
        assert_focus_visible(page)
        if is_focused(page, selector):
            return
    pytest.fail(f"{selector} is never reached by Tab (last: {describe_focus(page)})")


def from_the_top(page) -> None:
    """Start from the skip link, as a keyboard user does, and jump to the main content."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    assert "#contenu" in describe_focus(page)
    assert_focus_visible(page)
    page.keyboard.press("Enter")


def press_and_wait(page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def assert_on_error_summary(page, assert_accessible) -> None:
    assert page.title().startswith("Erreur\u00a0:"), page.title()
    assert is_focused(page, "main .error-summary"), describe_focus(page)
    assert_accessible(page)


def log_in(page, visit) -> None:
    visit("/compte/connexion/", on=page)
    from_the_top(page)
    tab_to(page, "main input[name=login]")
    page.keyboard.type(REFERENT)
    tab_to(page, "main input[name=password]")
    page.keyboard.type(PASSWORD)
    press_and_wait(page)
    assert "/compte/connexion/" not in page.url, describe_focus(page)


@pytest.fixture
def desk_page(new_context, visit, demo_territory):
    ensure_default_categories(demo_territory)
    page = new_context().new_page()
    log_in(page, visit)
    return page


def test_a_referent_moderates_a_held_post_with_the_keyboard(desk_page, visit, assert_accessible):
    page = desk_page
    author = User.objects.get(email=RESIDENT)
    post = board.publish_post(
        Post(
            kind=PostKind.REQUEST,
            title="Vends des œufs",
            category=Category.objects.in_territory(author.territory).first(),
            commune=author.commune,
        ),
        author=author,
    )
    Post.objects.filter(pk=post.pk).update(visibility=Visibility.PENDING)

    visit("/accueil/moderation/", on=page)
    from_the_top(page)
    apply = f"main form[action='/accueil/moderation/{post.reference}/'] button[type=submit]"
    tab_to(page, apply)
    press_and_wait(page)  # no reason given
    assert_on_error_summary(page, assert_accessible)
    assert not ModerationAction.objects.exists()

    # The summary's link leads to the reason; the action is chosen with the arrows.
    page.keyboard.press("Tab")
    assert describe_focus(page).startswith(f"a #reason-{post.reference}")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.url.endswith(f"#reason-{post.reference}")
    tab_to(page, f"main select#kind-{post.reference}")
    page.keyboard.press("ArrowDown")  # "Hide the post"
    tab_to(page, f"main input#reason-{post.reference}")
    page.keyboard.type("Vente, pas de l'entraide")
    page.keyboard.press("Tab")
    assert is_focused(page, apply)
    press_and_wait(page)
    assert_accessible(page)
    action = ModerationAction.objects.get()
    assert (action.kind, action.reason) == ("hide", "Vente, pas de l'entraide")


def test_a_referent_relays_an_answer_for_an_assisted_person_with_the_keyboard(
    desk_page, visit, assert_accessible
):
    page = desk_page
    germaine = User.objects.get(display_name="Germaine V.")
    referent = User.objects.get(email=REFERENT)
    post = board.publish_post(
        Post(
            kind=PostKind.REQUEST,
            title="Changer une ampoule",
            category=Category.objects.in_territory(germaine.territory).first(),
            commune=germaine.commune,
        ),
        author=germaine,
        entered_by=referent,
    )
    board.reply(post, replier=User.objects.get(email=HELPER), body="Je peux passer demain.")
    conversation = Conversation.objects.get(post=post)

    visit("/accueil/boite/", on=page)
    from_the_top(page)
    tab_to(page, f'main a[href="{conversation.get_absolute_url()}"]')
    press_and_wait(page)
    assert_accessible(page)
    send = "main form:not([action]) button[type=submit]"
    tab_to(page, send)
    press_and_wait(page)  # an empty message
    assert_on_error_summary(page, assert_accessible)
    tab_to(page, "main form:not([action]) textarea[name=body]")
    page.keyboard.type("Germaine vous attend demain à 14 h.")
    tab_to(page, send)
    press_and_wait(page)
    assert_accessible(page)
    relayed = Message.objects.get(body="Germaine vous attend demain à 14 h.")
    assert (relayed.sender, relayed.entered_by) == (germaine, referent)


def test_a_referent_settles_a_dispute_with_the_keyboard(desk_page, visit, assert_accessible):
    page = desk_page
    helper, receiver = User.objects.get(email=HELPER), User.objects.get(email=RESIDENT)
    for person in (helper, receiver):
        if not hasattr(person, "time_account"):
            timebank.open_account(person)
    claim, _created = timebank.record_claim(
        helper=helper,
        receiver=receiver,
        minutes=120,
        happened_on=datetime.date.today() - datetime.timedelta(days=1),
        description="Jardin",
        idempotency_key=uuid.uuid4(),
    )
    timebank.dispute_claim(claim, by=receiver, reason="Plutôt une heure")

    visit("/accueil/banque-du-temps/heures/", on=page)
    from_the_top(page)
    minutes = f"main input#minutes-{claim.public_id}"
    tab_to(page, minutes)
    page.keyboard.press("Control+A")
    page.keyboard.type("beaucoup")
    settle = (
        f"main form[action='/accueil/banque-du-temps/heures/{claim.public_id}/regler/'] button[type=submit]"
    )
    tab_to(page, settle)
    press_and_wait(page)  # a duration that is not one, and no reason
    assert_on_error_summary(page, assert_accessible)
    assert page.locator(minutes).get_attribute("aria-invalid") == "true"

    tab_to(page, minutes)
    page.keyboard.press("Control+A")
    page.keyboard.type("1 h")
    tab_to(page, f"main input#reason-{claim.public_id}")
    page.keyboard.type("Vu avec les deux : une heure")
    tab_to(page, settle)
    press_and_wait(page)
    assert_accessible(page)
    claim = Claim.objects.get(pk=claim.pk)
    assert (claim.status, claim.settled_minutes) == ("confirmed", 60)
