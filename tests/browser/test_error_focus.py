"""After a failed submission, the keyboard and the screen reader start at the error summary
(RGAA 11.10, 11.11), with or without JavaScript: logging in, posting, replying, recording hours.

Only the keyboard is used to fill and send the forms. The shared fixture (conftest.py) checks
each page too: a title starting with "Erreur :" with the focus left on the page fails it.
"""

import datetime

import pytest

from entraide.board.models import Exchange
from entraide.categories.defaults import ensure_default_categories
from entraide.people.models import User
from entraide.timebank import services as timebank
from tests.board.factories import PostFactory

PASSWORD = "entraide-demo"
RESIDENT = "habitant3@demo.entraide.invalid"
NEIGHBOUR = "habitant4@demo.entraide.invalid"


def focused(page) -> dict:
    return page.evaluate(
        "() => ({cls: document.activeElement.className, text: document.activeElement.innerText || ''})"
    )


def send_with_keyboard(page, field_selector: str) -> None:
    """Focus a field of the form, then press Enter on its submit button, reached by Tab."""
    page.locator(f"main {field_selector}").first.focus()
    form = page.locator(f"main form:has({field_selector})").first
    button = form.locator("button[type=submit]").last
    for _ in range(40):
        if button.evaluate("b => b === document.activeElement"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the submit button is not reached by Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def assert_on_summary(page, assert_accessible) -> None:
    assert page.title().startswith("Erreur\u00a0:"), page.title()
    active = focused(page)
    assert "error-summary" in active["cls"], active
    assert_accessible(page)


def log_in(page, visit, email: str) -> None:
    visit("/compte/connexion/", on=page)
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main input[name=password]").press("Enter")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_failed_login_focuses_the_summary(new_context, visit, assert_accessible, javascript):
    page = new_context(javascript=javascript).new_page()
    visit("/compte/connexion/", on=page)
    page.locator("main input[name=login]").fill(RESIDENT)
    page.locator("main input[name=password]").fill("pas le bon")
    send_with_keyboard(page, "input[name=password]")
    assert_on_summary(page, assert_accessible)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_an_empty_post_and_an_empty_reply_focus_the_summary(
    new_context, visit, assert_accessible, demo_territory, javascript
):
    ensure_default_categories(demo_territory)
    page = new_context(javascript=javascript).new_page()
    log_in(page, visit, RESIDENT)
    visit("/tableau/nouvelle/?kind=request", on=page)
    send_with_keyboard(page, "input[name=title]")
    assert_on_summary(page, assert_accessible)
    # The summary's link leads to the field.
    page.keyboard.press("Tab")
    link = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert link and link.startswith("#id_")

    author = User.objects.get(email=NEIGHBOUR)
    post = PostFactory(author=author, title="Monter une étagère")
    visit(post.get_absolute_url(), on=page)
    send_with_keyboard(page, "textarea[name=body]")
    assert_on_summary(page, assert_accessible)
    assert page.locator("main textarea[name=body]").get_attribute("aria-invalid") == "true"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_bad_duration_for_hours_focuses_the_summary(
    new_context, visit, assert_accessible, demo_territory, javascript
):
    ensure_default_categories(demo_territory)
    helper, receiver = User.objects.get(email=RESIDENT), User.objects.get(email=NEIGHBOUR)
    for person in (helper, receiver):
        if not hasattr(person, "time_account"):
            timebank.open_account(person)
    Exchange.objects.create(
        territory=demo_territory,
        helper=helper,
        receiver=receiver,
        happened_on=datetime.date.today() - datetime.timedelta(days=1),
    )
    page = new_context(javascript=javascript).new_page()
    log_in(page, visit, RESIDENT)
    visit("/banque-du-temps/", on=page)
    page.locator("main input[name=minutes]").first.fill("trois")
    send_with_keyboard(page, "input[name=minutes]")
    assert_on_summary(page, assert_accessible)


def take_the_skip_link(page) -> None:
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.url.endswith("#contenu")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_after_the_skip_link_a_failed_submission_still_focuses_the_summary(
    new_context, visit, assert_accessible, demo_territory, javascript
):
    """A form without `action` posts back to the address, "#contenu" included; browsers then
    focus that target rather than the autofocused summary, so the summary is the target."""
    ensure_default_categories(demo_territory)
    page = new_context(javascript=javascript).new_page()
    visit("/compte/connexion/", on=page)
    take_the_skip_link(page)
    page.locator("main input[name=login]").fill(RESIDENT)
    page.locator("main input[name=password]").fill("pas le bon")
    send_with_keyboard(page, "input[name=password]")
    assert_on_summary(page, assert_accessible)

    log_in(page, visit, RESIDENT)
    visit("/tableau/nouvelle/?kind=request", on=page)
    take_the_skip_link(page)
    send_with_keyboard(page, "input[name=title]")
    assert page.url.endswith("#contenu")  # the form has no action: it posted to this address
    assert_on_summary(page, assert_accessible)
    # Taking the skip link again leads to the errors, then on to the fields.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')").startswith("#id_")
