"""The board's search and filters work the same with JavaScript (htmx swaps the results) and without."""

import pytest

from entraide.board import services
from entraide.board.enums import PostKind
from entraide.board.models import Post
from entraide.categories.defaults import ensure_default_categories
from entraide.categories.models import Category
from entraide.people.models import User


@pytest.fixture
def posts(demo_territory):
    ensure_default_categories(demo_territory)
    categories = {c.slug: c for c in Category.objects.in_territory(demo_territory)}
    author = User.objects.get(email="habitant3@demo.entraide.invalid")
    made = {}
    for slug, kind, title in [
        ("bricolage", PostKind.OFFER, "Réparation de Vélos"),
        ("jardinage", PostKind.REQUEST, "Tondre la pelouse"),
    ]:
        made[slug] = services.publish_post(
            Post(kind=kind, title=title, category=categories[slug], commune=author.commune), author=author
        )
    return made


@pytest.mark.parametrize("javascript", [True, False])
def test_searching_the_board(new_context, visit, assert_accessible, posts, javascript):
    page = new_context(javascript=javascript).new_page()
    visit("/tableau/", on=page)
    results = page.locator("#resultats")
    assert results.locator("article").count() == 2
    if javascript:
        page.wait_for_function("() => window.htmx !== undefined")
        page.evaluate("() => { window.stillTheSamePage = true; }")
    if page.locator("details.board-filter-fold[open]").count() == 0:  # folded without JavaScript
        page.locator("details.board-filter-fold > summary").click()
    page.locator("main form[role=search] input[name=q]").fill("velo")
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_url("**/tableau/?*q=velo*")
    results.locator("article").first.wait_for()
    assert results.locator("article").count() == 1
    assert results.locator(f'a[href="/tableau/{posts["bricolage"].reference}/"]').count() == 1
    if javascript:  # htmx swapped the results in place: no new page was loaded
        assert page.evaluate("() => window.stillTheSamePage === true")
    assert_accessible(page)
    # The address carries the filters: the same page comes back when reloaded or shared.
    page.reload()
    assert page.locator("#resultats article").count() == 1
