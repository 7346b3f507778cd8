"""Publishing a post with the keyboard alone takes few Tab stops (issue 17 item 8, RGAA 12.13):
each radio group is one stop, the optional fields are folded in one <details>, nothing that is not
interactive takes the focus. Counted from the page's first focusable element (the skip link) to
"Publish", then the post is published with the keyboard only."""

import pytest

from entraide.board.models import Post
from entraide.categories.defaults import ensure_default_categories

PASSWORD = "entraide-demo"
RESIDENT = "habitant3@demo.entraide.invalid"

# The header (skip link, site name, menu, profile, log out) then the form's own stops:
# request or offer, title, category, commune, when, "More (optional)", Publish. 27 before.
MAX_STOPS_FROM_TOP = 20
MAX_STOPS_AFTER_SKIP_LINK = 7


def log_in(page, visit, email: str) -> None:
    visit("/compte/connexion/", on=page)
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main input[name=password]").press("Enter")


def describe_focus(page) -> str:
    return page.evaluate(
        """() => { const e = document.activeElement;
        return e.tagName.toLowerCase() + (e.name ? "[name=" + e.name + "]" : "")
          + " " + (e.getAttribute("href") || "") + " " + (e.innerText || "").trim().slice(0, 30); }"""
    )


def is_focused(page, selector: str) -> bool:
    return page.locator(selector).evaluate("e => e === document.activeElement")


def tab_until(page, selector: str, limit: int = 60) -> list[str]:
    """Press Tab until `selector` has the focus; the elements it stopped on, in order."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(describe_focus(page))
        if is_focused(page, selector):
            return stops
    pytest.fail(f"{selector} is never reached by Tab:\n" + "\n".join(stops))


def assert_focus_visible(page) -> None:
    """The focused element draws an outline (the site's focus ring)."""
    style = page.evaluate(
        "() => { const e = document.activeElement, s = getComputedStyle(e);"
        " return [e.matches(':focus-visible'), s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert style[0] and style[1] != "none" and style[2] >= 2, (describe_focus(page), style)


SUBMIT = "main form.post-form button[type=submit]"


def test_few_tab_stops_lead_to_publish(new_context, visit, demo_territory):
    ensure_default_categories(demo_territory)
    page = new_context().new_page()
    log_in(page, visit, RESIDENT)
    visit("/tableau/nouvelle/", on=page)
    stops = tab_until(page, SUBMIT)
    assert len(stops) <= MAX_STOPS_FROM_TOP, "\n".join(stops)
    # With the skip link, first on the page: straight to the form.
    visit("/tableau/nouvelle/", on=page)
    page.keyboard.press("Tab")
    assert "#contenu" in describe_focus(page)
    page.keyboard.press("Enter")
    stops = tab_until(page, SUBMIT)
    assert len(stops) <= MAX_STOPS_AFTER_SKIP_LINK, "\n".join(stops)
    assert not page.locator("main [tabindex]:not([tabindex='-1']):not(a):not(button):not(input)").count()


def test_a_post_is_published_with_the_keyboard_alone(new_context, visit, assert_accessible, demo_territory):
    ensure_default_categories(demo_territory)
    page = new_context().new_page()
    log_in(page, visit, RESIDENT)
    visit("/tableau/nouvelle/", on=page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    page.keyboard.press("Tab")  # "I need a hand": the group's first radio
    assert is_focused(page, "main input[name=kind][value=request]")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert is_focused(page, "main input[name=title]")
    page.keyboard.type("Monter un meuble au grenier")
    page.keyboard.press("Tab")
    assert is_focused(page, "main select[name=category]")
    page.keyboard.press("ArrowDown")  # the first category
    page.keyboard.press("Tab")
    assert is_focused(page, "main select[name=commune]")  # already her commune
    page.keyboard.press("Tab")
    assert is_focused(page, "main input[name=when][value=flexible]")  # checked already
    page.keyboard.press("Tab")
    assert is_focused(page, "main details.folded-fields > summary")
    assert_focus_visible(page)
    page.keyboard.press("Enter")  # open it: the details, neighbourhood and urgency
    page.keyboard.press("Tab")
    assert is_focused(page, "main textarea[name=body]")
    page.keyboard.type("Trois cartons, pas lourds.")
    tab_until(page, SUBMIT)
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    post = Post.objects.get(title="Monter un meuble au grenier")
    assert post.body == "Trois cartons, pas lourds." and post.when == "flexible"
