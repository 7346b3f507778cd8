"""Under the Content-Security-Policy, the map, htmx and the forms still work: no violation
is reported by Chromium on the pages that run scripts or load outside resources."""

import pytest

from entraide.board import services
from entraide.board.enums import PostKind
from entraide.board.models import Post
from entraide.categories.defaults import ensure_default_categories
from entraide.categories.models import Category
from entraide.directory.views import leaflet_assets
from entraide.people.models import User

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(autouse=True)
def local_tiles(settings):
    settings.DIRECTORY_MAP_TILES_URL = "/static/no-tiles/{z}/{x}/{y}.png"


@pytest.fixture
def content(demo_territory):
    from entraide.directory import demo as directory_demo

    ensure_default_categories(demo_territory)
    directory_demo.load(demo_territory)
    author = User.objects.get(email="habitant3@demo.entraide.invalid")
    category = Category.objects.in_territory(demo_territory).get(slug="bricolage")
    services.publish_post(
        Post(kind=PostKind.OFFER, title="Réparation de vélos", category=category, commune=author.commune),
        author=author,
    )


def test_scripts_run_under_the_policy_without_violation(new_context, visit, content):
    page = new_context().new_page()
    page.add_init_script(COLLECT_VIOLATIONS)
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))

    visit("/tableau/", on=page)
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator("main form[role=search] input[name=q]").fill("velo")
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_url("**/tableau/?*q=velo*")
    page.locator("#resultats article").first.wait_for()
    violations += page.evaluate("() => window.__cspViolations")

    for path in ("/initiatives/carte/", "/initiatives/integrer/?vue=carte", "/initiatives/"):
        visit(path, on=page)
        if leaflet_assets() and "initiatives-map" in page.content():
            page.locator("#initiatives-map .leaflet-marker-icon").first.wait_for()
        violations += page.evaluate("() => window.__cspViolations")
    assert violations == []
