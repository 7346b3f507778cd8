"""The diagnosis fits a phone and a desktop (issue 9 item 5): the page never scrolls sideways, a phone
reads one card per theme, a desktop a table that scrolls in its own box with its first column fixed;
axe finds no serious problem at any width."""

import pytest

from entraide.diagnosis.models import Snapshot

WIDTHS = [320, 390, 1366]


@pytest.fixture
def diagnosis_demo(demo_territory):
    from entraide.board import demo as board_demo
    from entraide.categories import demo as categories_demo
    from entraide.diagnosis import demo as diagnosis_demo
    from entraide.directory import demo as directory_demo

    categories_demo.load(demo_territory)
    directory_demo.load(demo_territory)
    board_demo.load(demo_territory)
    diagnosis_demo.load(demo_territory)
    return Snapshot.objects.get()


def page_width(page) -> tuple[int, int]:
    return page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")


def test_the_diagnosis_never_scrolls_the_page_sideways(new_context, visit, diagnosis_demo):
    paths = [
        "/diagnostic/",
        "/diagnostic/?par=commune",
        f"/diagnostic/instantanes/{diagnosis_demo.public_id}/",
        f"/diagnostic/instantanes/{diagnosis_demo.public_id}/?par=commune&comparer=maintenant",
    ]
    for width, path in [(width, path) for width in WIDTHS for path in paths]:
        page = new_context(viewport={"width": width, "height": 800}).new_page()
        visit(path, on=page)
        scroll_width, viewport = page_width(page)
        assert scroll_width <= viewport, f"{path} at {width} px is {scroll_width} px wide"
        cards, grid = page.locator("main .diagnosis-cards"), page.locator("main .diagnosis-table")
        if width < 640:
            assert cards.is_visible() and grid.is_hidden()
            assert page.locator("main .theme-card h3", has_text="Transport").is_visible()
        else:
            assert grid.is_visible() and cards.is_hidden()
            # The table scrolls in its own box, and its first column stays in view.
            theme = grid.locator("tbody th", has_text="Transport")
            before = theme.bounding_box()["x"]
            grid.evaluate("box => { box.scrollLeft = 600; }")
            if "par=commune" not in path:  # three communes fit; the neighbourhoods do not
                assert grid.evaluate("box => box.scrollLeft") > 0
            assert theme.bounding_box()["x"] == before
