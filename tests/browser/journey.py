"""What the browser journeys share: submitting a form as a person would, and logging in."""

DEMO_PASSWORD = "entraide-demo"  # every demo account's (territories/demo.py)


def submit(page, form_selector: str, button: str = "button[type=submit]") -> None:
    """Click the (first) submit button of the one form of `main` matching `form_selector`; wait for
    the page."""
    form = page.locator(f"main {form_selector}")
    with page.expect_navigation():
        form.locator(button).first.click()


def log_in(page, visit, email: str, password: str = DEMO_PASSWORD) -> None:
    visit("/compte/connexion/", on=page)
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill(password)
    submit(page, "form:has(input[name=password])")
