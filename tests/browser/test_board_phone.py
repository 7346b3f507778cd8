"""The board on a phone: the filters fold behind one control (no JavaScript needed), so the first
post shows in the first screen; they open by themselves when a filter is set."""

import pytest

from entraide.board import demo as board_demo
from entraide.categories import demo as categories_demo

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def board(demo_territory):
    categories_demo.load(demo_territory)
    board_demo.load(demo_territory)
    return demo_territory


@pytest.mark.parametrize("javascript", [True, False])
def test_the_first_post_shows_in_a_phones_first_screen(new_context, visit, board, javascript):
    page = new_context(javascript=javascript, viewport=PHONE).new_page()
    visit("/tableau/", on=page)
    fold = page.locator("details.board-filter-fold")
    assert fold.get_attribute("open") is None
    first_post_top = page.locator("#resultats article").first.bounding_box()["y"]
    assert first_post_top < PHONE["height"], f"the first post starts {first_post_top} px down"
    # One control unfolds the six filters.
    fold.locator("summary").click()
    assert page.locator("main form[role=search] input[name=q]").is_visible()


def test_the_filters_stay_open_when_one_is_set(new_context, visit, board):
    page = new_context(javascript=False, viewport=PHONE).new_page()
    visit("/tableau/?kind=request", on=page)
    assert page.locator("details.board-filter-fold").get_attribute("open") is not None
    assert page.locator("main form[role=search] select[name=kind]").is_visible()


def test_the_board_loads_htmx_once(new_context, visit, board):
    page = new_context().new_page()
    visit("/tableau/", on=page)
    assert page.locator("script[src*='htmx']").count() == 1
