"""A resident's first visit, in Chromium: sign up, confirm the email, fill the profile, log out.

Fields and buttons are found by their `name`, their form's address or their place in the
page, never by their (translated) wording.
"""

import re

from django.core import mail

from entraide.people.models import User
from tests.browser.journey import log_in

DEMO_PASSWORD = "entraide-demo"
RESIDENT = "habitant3@demo.entraide.invalid"
PAGE_WEIGHT_BUDGET = 60_000  # bytes, everything the home page fetches

NEW_PERSON = {
    "display_name": "Lucie Nouvelle",
    "email": "lucie.nouvelle@example.org",
    "password": "un mot de passe solide 42",
}


def submit(page, form_selector: str) -> None:
    """Click the submit button of the one form of `main` matching `form_selector`; wait for the page."""
    form = page.locator(f"main {form_selector}")
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").click()


LOG_OUT = 'form[action="/compte/deconnexion/"]'


def assert_logged_in(page) -> None:
    nav = page.locator("header nav")
    assert nav.locator(LOG_OUT).count() == 1, "no log-out button: not logged in?"
    assert nav.locator('a[href="/compte/connexion/"]').count() == 0


def assert_logged_out(page) -> None:
    nav = page.locator("header nav")
    assert nav.locator('a[href="/compte/connexion/"]').count() == 1, "no log-in link: still logged in?"
    assert nav.locator(LOG_OUT).count() == 0
    assert nav.locator('a[href="/compte/profil/"]').count() == 0


def confirmation_path(email: str) -> str:
    messages = [m for m in mail.outbox if email in m.to]
    assert len(messages) == 1, f"expected one email to {email}, got {len(messages)}"
    match = re.search(r"https?://[^/\s]+(/compte/confirmation/[^/\s]+/)", messages[0].body)
    assert match, f"no confirmation link in:\n{messages[0].body}"
    return match.group(1)


def log_out(page, visit, assert_accessible) -> None:
    # Logging out is one button in the menu (a POST: no confirmation page).
    with page.expect_navigation():
        page.locator(f"header nav {LOG_OUT} button").click()
    assert_accessible(page)
    assert_logged_out(page)
    # The profile is no longer reachable: it asks to log in.
    visit("/compte/profil/", on=page)
    assert "/compte/connexion/" in page.url


def test_sign_up_confirm_fill_the_profile_and_log_out(page, visit, assert_accessible):
    visit("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_logged_out(page)

    page.locator('main a[href="/compte/inscription/"]').first.click()
    page.wait_for_url("**/compte/inscription/")
    assert_accessible(page)
    page.locator("main input[name=display_name]").fill(NEW_PERSON["display_name"])
    page.locator("main input[name=email]").fill(NEW_PERSON["email"])
    page.locator("main input[name=password1]").fill(NEW_PERSON["password"])
    page.locator("main input[name=password2]").fill(NEW_PERSON["password"])
    submit(page, "form:has(input[name=password1])")
    assert "/compte/inscription/" not in page.url, "the sign-up form was refused"
    assert_accessible(page)
    assert not User.objects.get(email=NEW_PERSON["email"]).emailaddress_set.get().verified

    visit(confirmation_path(NEW_PERSON["email"]))
    submit(page, 'form[method="post" i]')
    assert_accessible(page)
    assert User.objects.get(email=NEW_PERSON["email"]).emailaddress_set.get().verified

    if page.locator(f"header nav {LOG_OUT}").count() == 0:
        log_in(page, visit, NEW_PERSON["email"], NEW_PERSON["password"])
    visit("/compte/profil/")
    assert_logged_in(page)
    assert page.locator("main input[name=display_name]").input_value() == NEW_PERSON["display_name"]
    page.locator("main textarea[name=can_help_with]").fill("Courses le mardi, lecture à voix haute")
    # Neighbourhoods are grouped by commune: "La Gare" sits under "Coufouleux".
    page.locator("main select[name=neighbourhood]").select_option(label="La Gare")
    submit(page, "form:has([name=can_help_with])")
    assert page.url.endswith("/compte/profil/")
    assert_accessible(page)
    assert page.locator("main [role=status]").count() == 1, "no message saying the profile was saved"
    assert page.locator("main textarea[name=can_help_with]").input_value() == (
        "Courses le mardi, lecture à voix haute"
    )
    selected = page.locator("main select[name=neighbourhood] option:checked").text_content()
    assert selected.strip() == "La Gare"
    user = User.objects.select_related("neighbourhood", "commune").get(email=NEW_PERSON["email"])
    assert user.can_help_with == "Courses le mardi, lecture à voix haute"
    assert user.neighbourhood.name == "La Gare"
    assert user.commune.name == "Coufouleux"

    log_out(page, visit, assert_accessible)


def test_log_in_edit_the_profile_and_log_out_without_javascript(new_context, visit, assert_accessible):
    page = new_context(javascript=False).new_page()

    visit("/", on=page)
    page.locator('header nav a[href="/compte/connexion/"]').click()
    page.wait_for_url("**/compte/connexion/")
    assert_accessible(page)
    page.locator("main input[name=login]").fill(RESIDENT)
    page.locator("main input[name=password]").fill(DEMO_PASSWORD)
    submit(page, "form:has(input[name=password])")
    # Logging in leads home, where the page says what one can do.
    assert page.url.endswith("/"), f"after logging in: {page.url}"
    assert_accessible(page)
    assert_logged_in(page)

    page.locator('header nav a[href="/compte/profil/"]').click()
    page.wait_for_url("**/compte/profil/")
    page.locator("main textarea[name=can_help_with]").fill("Courses, sans JavaScript")
    submit(page, "form:has([name=can_help_with])")
    assert page.url.endswith("/compte/profil/")
    assert_accessible(page)
    assert page.locator("main textarea[name=can_help_with]").input_value() == "Courses, sans JavaScript"
    assert User.objects.get(email=RESIDENT).can_help_with == "Courses, sans JavaScript"

    log_out(page, visit, assert_accessible)


def test_the_home_page_weighs_less_than_60_kb(page, assert_accessible):
    responses = []
    page.on("response", lambda response: responses.append(response))
    response = page.goto("/")
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")

    sizes = {}
    for response in responses:
        try:
            size = len(response.body())
        except Exception:  # a redirect has no body
            size = 0
        sizes[response.url] = sizes.get(response.url, 0) + size
    total = sum(sizes.values())
    detail = "\n".join(f"  {size:>7} {url}" for url, size in sorted(sizes.items(), key=lambda i: -i[1]))
    assert total < PAGE_WEIGHT_BUDGET, f"the home page fetches {total} bytes:\n{detail}"
    assert_accessible(page)
