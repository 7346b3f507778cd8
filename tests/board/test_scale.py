"""The issue's bound: the board page and its poster run as many SQL queries with
5,000 posts as with 5 (posts are bulk-created here, the page does the rest)."""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.board.enums import PostStatus
from entraide.board.models import Conversation, Post
from entraide.core.search import normalize

from ..factories import UserFactory
from ..helpers import assert_constant_queries
from .factories import ConversationFactory, MessageFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def add_posts(resident, neighbour, categories):
    authors = [resident, neighbour]
    slugs = sorted(categories)

    created = 0

    def add(n):
        nonlocal created
        posts = []
        for i in range(created, created + n):
            post = PostFactory.build(
                author=authors[i % 2],
                category=categories[slugs[i % len(slugs)]],
                title=f"Coup de main {i}",
                reference=f"B-S{i:05d}",  # unique, unlike random ones over 5,000 posts
            )
            post.search_text = normalize(post.reference, post.title, post.body, post.category.name)
            posts.append(post)
        Post.objects.bulk_create(posts, batch_size=500)
        created += n

    return add


PAGES = ["/tableau/", "/tableau/?q=coup&kind=request&urgent=1", "/tableau/?page=3", "/tableau/affiche.pdf"]


@pytest.mark.parametrize("path", PAGES)
def test_the_board_and_its_poster_run_the_same_queries_with_5_and_5000_posts(anonymous, add_posts, path):
    assert_constant_queries(lambda: anonymous.get(path), add_posts, small=5, large=5000)


def test_past_the_cap_the_board_says_more_than_and_pages_stay_open_ended(anonymous, add_posts, monkeypatch):
    """No query counts every public post: past the cap the total is "more than …", each page
    reads one row more than it shows, and a page past the end falls back to the first."""
    monkeypatch.setattr("entraide.core.paging.CAP", 30)
    add_posts(45)
    first = anonymous.get("/tableau/").text
    assert "Plus de 30 annonces" in first
    assert "Page 1</span>" in first and "sur" not in first.split('class="pagination"')[1].split("</nav>")[0]
    assert "page=2" in first
    second = anonymous.get("/tableau/?page=2").text
    assert "page=3" in second and "page=1" in second
    third = anonymous.get("/tableau/?page=3").text  # posts 41 to 45
    assert third.count('<article class="post-card') == 5
    assert "page=4" not in third
    assert 'rel="next"' not in third
    assert "Page 1</span>" in anonymous.get("/tableau/?page=99").text


def test_under_the_cap_the_board_counts_exactly(anonymous, add_posts):
    add_posts(25)
    page = anonymous.get("/tableau/").text
    assert "25 annonces" in page and "Page 1 sur 2" in page


def test_the_logged_in_board_runs_the_same_queries_with_5_and_2000_posts(client_for, neighbour, add_posts):
    client = client_for(neighbour)
    assert_constant_queries(lambda: client.get("/tableau/"), add_posts, small=5, large=2000)


def _rows_read(node: dict) -> int:
    """The most rows one node of an EXPLAIN (ANALYZE, FORMAT JSON) plan read, with its children."""
    loops = node.get("Actual Loops", 1) or 1
    here = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
    return max([here, *(_rows_read(child) for child in node.get("Plans", []))])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")
def test_the_logged_in_board_reads_a_bounded_number_of_rows_in_every_statement(
    client_for, resident, neighbour, categories
):
    """8,000 posts (3,000 of them public) and 4,000 conversations of other people in the
    territory: every statement of the logged-in board and home page, the menu's count of what waits included,
    reads at most about 1,000 rows (the bounded count) in any step of its plan."""
    category = categories[sorted(categories)[0]]
    template = PostFactory.build(author=neighbour, category=category)
    columns = [f.attname for f in Post._meta.concrete_fields if not f.primary_key]
    fields = {name: getattr(template, name) for name in columns}
    posts = []
    for i in range(8000):
        row = {**fields, "reference": f"B-L{i:05d}", "public_id": uuid.uuid4()}
        if i >= 3000:
            row["status"] = PostStatus.DONE
        posts.append(Post(**row))
    Post.objects.bulk_create(posts, batch_size=1000)
    helper = UserFactory(territory=resident.territory, commune=resident.commune)
    saved = list(Post.objects.filter(author=neighbour).values_list("pk", flat=True)[:4000])
    Conversation.objects.bulk_create(
        [Conversation(post_id=pk, replier=helper) for pk in saved], batch_size=1000
    )
    mine = PostFactory(author=resident, category=category)  # the person's own few
    MessageFactory(conversation=ConversationFactory(post=mine, replier=helper))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = client_for(resident)
    client.get("/tableau/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/tableau/").status_code == 200
        assert client.get("/").status_code == 200  # the personal home: every app's sections
    worst = []
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            sql = query["sql"]
            if " FOR SELECT " in sql:  # a server-side cursor's statement
                sql = sql[sql.index(" FOR SELECT ") + 5 :]
            if not sql.startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            worst.append((_rows_read(plan[0]["Plan"]), sql[:160]))
    too_many = [(rows, sql) for rows, sql in worst if rows > 1100]
    assert not too_many, too_many


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")
def test_the_home_page_reads_a_persons_open_posts_without_their_closed_ones(
    client_for, resident, neighbour, categories
):
    """Someone who has posted for years (3,000 closed posts, 3 open) on a busy board (3,000 open
    posts of others): the personal home's "Your open posts" reads their open ones only (the
    partial index of open posts by author)."""
    category = categories[sorted(categories)[0]]
    template = PostFactory.build(author=resident, category=category, status=PostStatus.DONE)
    columns = [f.attname for f in Post._meta.concrete_fields if not f.primary_key]
    fields = {name: getattr(template, name) for name in columns}
    Post.objects.bulk_create(
        [Post(**{**fields, "reference": f"B-C{i:05d}", "public_id": uuid.uuid4()}) for i in range(3000)],
        batch_size=1000,
    )
    others = {**fields, "author_id": neighbour.pk, "status": PostStatus.OPEN}
    Post.objects.bulk_create(  # and the territory's many open posts of other people
        [Post(**{**others, "reference": f"B-O{i:05d}", "public_id": uuid.uuid4()}) for i in range(3000)],
        batch_size=1000,
    )
    PostFactory.create_batch(3, author=resident, category=category)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE board_post")
    client = client_for(resident)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    (sql,) = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT "board_post"."id"') and "_home_total" in q["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    assert _rows_read(plan[0]["Plan"]) <= 10, plan
