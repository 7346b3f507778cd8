"""Browser tests: a real Chromium, driven by Playwright's sync API, against pytest-django's live server.

Chromium is the system one (`/usr/bin/chromium`, or the `CHROMIUM` environment
variable); Playwright never downloads a browser. Without Chromium the tests are
skipped, and the terminal summary says so in one line; with `REQUIRE_BROWSER=1`
(as in CI) a missing Chromium fails them instead.

Every test here:

- is marked `browser` (see `pytest_collection_modifyitems`);
- gets the demo territory, its communes, neighbourhoods and people;
- checks every page it visits with axe-core, through `visit(path)` or
  `assert_accessible(page)`: a "serious" or "critical" violation fails the test;
- and, on the same pages, what axe cannot see (RGAA 4.1): no sideways scroll at 320 px wide
  with the text-spacing override of criterion 10.12, unique ids, one h1 and no skipped heading
  level, named landmarks and scroll boxes, no English without `lang` (tests/audit.py), and after
  a failed submission ("Erreur :" in the title) the focus on the error summary, not on the page.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SKIP_REASON = f"Browser tests skipped: no Chromium at {CHROMIUM} (REQUIRE_BROWSER=1 makes this an error)"
BLOCKING_IMPACTS = {"serious", "critical"}
REFLOW_WIDTH = 320  # RGAA 10.11 (WCAG 1.4.10): 320 CSS pixels, no sideways scroll
# RGAA 10.12 (WCAG 1.4.12): the text spacing a person may impose, applied through the CSSOM
# (a constructed stylesheet: the Content-Security-Policy governs <style> elements, not this).
TEXT_SPACING_CSS = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"
)
REFLOW_SCRIPT = """([width, css]) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const root = document.documentElement;
  const overflow = root.scrollWidth - root.clientWidth;
  const culprits = [];
  if (overflow > 1) {
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0 && !element.closest(".table-scroll, [role=region]")) {
        const name = typeof element.className === "string" && element.className
          ? "." + element.className.split(" ").join(".") : "";
        culprits.push(element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + name +
          " (right edge at " + Math.round(box.right) + " px)");
      }
    }
  }
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  return {overflow, culprits: culprits.slice(-5)};
}"""
FOCUS_SCRIPT = """() => {
  if (!document.title.startsWith("Erreur")) { return null; }
  const active = document.activeElement;
  if (active && active !== document.body && active !== document.documentElement) { return null; }
  return "the title says there are errors, but the focus is on the page, not on the error summary";
}"""
HERE = Path(__file__).parent

_skipped: list[str] = []


def chromium_available() -> bool:
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


# --- Marking and reporting ---------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and SKIP_REASON in str(report.longrepr[2]):
        # One place for all, so that `-ra` folds them into a single "SKIPPED [n]" line.
        report.longrepr = (__file__, None, report.longrepr[2])
        _skipped.append(report.nodeid)
    return report


def pytest_terminal_summary(terminalreporter):
    # `-ra` (the project's addopts) shows the folded line above; say it ourselves otherwise.
    if _skipped and ("s" not in terminalreporter.reportchars or not terminalreporter.foldskipped):
        terminalreporter.write_line(f"{SKIP_REASON} [{len(_skipped)} tests]")


# --- The browser --------------------------------------------------------------------------------


@pytest.fixture
def chromium_executable() -> str:
    if not chromium_available():
        if REQUIRE_BROWSER:
            pytest.fail(f"REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}.", pytrace=False)
        pytest.skip(SKIP_REASON)
    return CHROMIUM


@pytest.fixture
def _browser_environment(monkeypatch):
    # Playwright's sync API keeps an asyncio loop marked as running in this thread, which makes
    # Django refuse ORM calls from the test (and from pytest-django's database teardown).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Belt and braces: nothing here may fetch a browser.
    monkeypatch.setenv("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


@pytest.fixture
def browser(chromium_executable, _browser_environment):
    """A headless system Chromium, one per test (it starts in half a second)."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()
            # While Playwright's loop runs, this thread's database connections are kept apart
            # from the usual ones (asgiref's Local follows the running loop), so pytest-django
            # never closes them: do it, or PostgreSQL refuses to drop the test database.
            connections.close_all()


# --- The site -----------------------------------------------------------------------------------


@pytest.fixture
def demo_territory(transactional_db):
    """The demo territory, with its communes, neighbourhoods and people (password "entraide-demo").

    It is the only territory, so the live server serves it whatever the Host header.
    """
    from entraide.people import demo as people_demo
    from entraide.territories import demo as territories_demo

    territory = territories_demo.load()
    people_demo.load(territory)
    return territory


@pytest.fixture
def base_url(live_server, demo_territory) -> str:
    return live_server.url


@pytest.fixture
def _no_javascript_contexts() -> list:
    return []


@pytest.fixture
def new_context(browser, base_url, _no_javascript_contexts) -> Iterator[Callable]:
    """`new_context(**options)`: a fresh browser context (own cookies) on the live server, in French.

    `javascript=False` gives a context with JavaScript disabled.
    """
    contexts = []

    def make(javascript: bool = True, **options):
        options.setdefault("locale", "fr-FR")
        options.setdefault("timezone_id", "Europe/Paris")
        context = browser.new_context(base_url=base_url, java_script_enabled=javascript, **options)
        context.set_default_timeout(10_000)
        if not javascript:
            _no_javascript_contexts.append(context)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()


# --- Accessibility ------------------------------------------------------------------------------


def _report(violations: list[dict], url: str) -> str:
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {node['html'][:200]}")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def rgaa_problems(page) -> list[str]:
    """What axe cannot see (tests/audit.py on the live DOM, reflow with text spacing, focus)."""
    from tests.audit import problems

    found = problems(page.content())
    focus = page.evaluate(FOCUS_SCRIPT)
    if focus:
        found.append(focus)
    size = page.viewport_size or {"width": 1280, "height": 720}
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": size["height"]})
    try:
        reflow = page.evaluate(REFLOW_SCRIPT, [REFLOW_WIDTH, TEXT_SPACING_CSS])
    finally:
        page.set_viewport_size(size)
    if reflow["overflow"] > 1:
        found.append(
            f"the page scrolls sideways by {reflow['overflow']} px at {REFLOW_WIDTH} px wide with the text "
            f"spacing of RGAA 10.12; widest: {', '.join(reflow['culprits']) or 'unknown'}"
        )
    return found


def axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on `page`, as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


@pytest.fixture
def assert_accessible(browser, base_url, _no_javascript_contexts) -> Iterator[Callable]:
    """`assert_accessible(page)`: fail listing axe-core's serious and critical violations.

    axe-core needs JavaScript, which never runs in a context that has it disabled: such a
    page is checked as a copy, its very HTML served again at the same address (so styles,
    hence contrast, are the same) in a context where JavaScript runs.
    """
    audit_contexts = []

    def audit_copy(page) -> tuple[list[dict], list[str]]:
        if not audit_contexts:
            audit_contexts.append(browser.new_context(base_url=base_url, locale="fr-FR"))
        html, url = page.content(), page.url
        copy = audit_contexts[0].new_page()

        def serve(route):
            if route.request.resource_type == "document" and route.request.url == url:
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            else:
                route.continue_()

        copy.route("**/*", serve)
        try:
            copy.goto(url)
            return axe_violations(copy), rgaa_problems(copy)
        finally:
            copy.close()

    def check(page) -> None:
        javascript = page.context not in _no_javascript_contexts
        if javascript:
            violations, problems = axe_violations(page), rgaa_problems(page)
        else:
            violations, problems = audit_copy(page)
        report = []
        if violations:
            report.append(_report(violations, page.url))
        if problems:
            report.append(f"{len(problems)} RGAA problem(s) on {page.url}:")
            report.extend(f"- {problem}" for problem in problems)
        if report:
            pytest.fail("\n".join(report), pytrace=False)

    yield check
    for audit_context in audit_contexts:
        audit_context.close()


@pytest.fixture
def visit(page, assert_accessible) -> Callable:
    """`visit(path)`: open `path` in the test's page, check the status and accessibility; return page.

    `visit(path, on=other_page)` does it in another page; `status` is the expected HTTP status.
    """

    def go(path: str, *, on=None, status: int = 200):
        target = on or page
        response = target.goto(path)
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
        assert_accessible(target)
        return target

    return go
