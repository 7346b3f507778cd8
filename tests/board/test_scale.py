"""The issue's bound: the board page and its poster run as many SQL queries with
5,000 posts as with 5 (posts are bulk-created here, the page does the rest)."""

import pytest

from entraide.board.models import Post
from entraide.core.search import normalize

from ..helpers import assert_constant_queries
from .factories import PostFactory

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
