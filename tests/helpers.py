"""Helpers shared by the tests of every app."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fetch: Callable[[], object]) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    status = getattr(response, "status_code", 200)
    assert status == 200, f"expected 200, got {status}"
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def assert_constant_queries(
    fetch: Callable[[], object], add_rows: Callable[[int], object], small: int = 5, large: int = 500
) -> int:
    """Assert that `fetch()` runs as many SQL queries with `small` rows as with `large`.

    `add_rows(n)` creates n more rows of whatever the page lists.
    Returns the number of queries, so a test can also pin it.
    """
    add_rows(small)
    fetch()  # warm caches (content types, sessions) so both counts compare like with like
    few, _few_sql = count_queries(fetch)
    add_rows(large - small)
    many, many_sql = count_queries(fetch)
    assert few == many, f"{few} queries with {small} rows but {many} with {large}: an N+1?\n" + "\n".join(
        many_sql[:40]
    )
    return many


FOCUSED_SUMMARY = 'class="error-summary" role="alert" tabindex="-1" id="contenu" autofocus'


def assert_errors_focused(page: str) -> None:
    """A whole page after a failed submission: the title starts with "Erreur :", and the first
    error summary takes the focus and is the skip link's target ("#contenu"), so that a form
    posted from an address ending in "#contenu" lands on the errors too, not on <main>."""
    assert "<title>Erreur\u00a0:" in page, page[:300]
    assert FOCUSED_SUMMARY in page
    assert page.count('id="contenu"') == 1 and page.count("autofocus") == 1
