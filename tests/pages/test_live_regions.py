"""Filtering the board or the directory announces the count only, from a region that stays in
the page (RGAA 7.5): htmx updates it out of band, the result list itself is not live."""

import pytest

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize(
    ("path", "region", "target"),
    [
        ("/tableau/", "board-status", 'id="resultats"'),
        ("/initiatives/", "initiatives-status", 'id="results"'),
    ],
)
def test_only_the_count_is_announced_from_a_region_outside_the_results(anonymous, path, region, target):
    page = anonymous.get(path).text
    assert f'<p id="{region}" class="visually-hidden" role="status">' in page
    assert page.index(f'id="{region}"') < page.index(target)
    assert "aria-live" not in page
    partial = anonymous.get(path, {"q": "jardin"}, **HTMX).text
    assert f'<p id="{region}" data-hx-swap-oob="innerHTML">' in partial
    assert 'role="status"' not in partial
