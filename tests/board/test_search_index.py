"""The trigram index of the board's search, on PostgreSQL (none on SQLite)."""

import pytest
from django.db import connection

from .factories import PostFactory

pytestmark = pytest.mark.django_db


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, "board_post"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_it_serves_the_board_search_from_a_trigram_index(resident, categories):
    assert "post_search_trgm" in _indexes()
    for i in range(50):
        PostFactory(author=resident, category=categories["transport"], title=f"Trajet numéro {i}")
    PostFactory(author=resident, category=categories["transport"], title="Réparer un vélo")
    from entraide.board.models import Post
    from entraide.core.search import matches

    query = Post.objects.filter(matches("velo"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE board_post")
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "post_search_trgm" in plan, plan
    assert [post.title for post in query] == ["Réparer un vélo"]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite has no trigram index")
def test_it_adds_nothing_on_sqlite():
    assert "post_search_trgm" not in _indexes()
