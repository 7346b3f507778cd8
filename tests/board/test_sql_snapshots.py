"""The exact SQL of the board list and the desk, compared with snapshots in tests/board/snapshots/.

Each page is captured with a few rows and with more: both must match the same
snapshot, so a query per row (an N+1) fails here and shows in review as a diff.
"""

import datetime

import pytest
from django.utils import timezone

from entraide.board.enums import Visibility
from entraide.board.models import Report

from .factories import ConversationFactory, MessageFactory, PostFactory
from .sql_snapshots import assert_matches_snapshot, capture, normalise

pytestmark = pytest.mark.django_db


def test_it_names_no_server_side_cursor():
    sql = (
        'DECLARE "_django_curs_1403_sync_4" NO SCROLL CURSOR FOR'
        ' SELECT "categories_category"."id" FROM "categories_category"'
    )
    assert normalise(sql) == 'DECLARE CURSOR FOR SELECT categories_category.* FROM "categories_category"'


def test_it_keeps_computed_select_lists():
    sql = 'SELECT COUNT(*) AS "__count" FROM "board_post" WHERE "board_post"."kind" = \'offer\''
    assert normalise(sql) == 'SELECT COUNT(*) AS "__count" FROM "board_post" WHERE "board_post"."kind" = ?'


def test_it_normalises_literals_so_snapshots_do_not_depend_on_the_data():
    sql = (
        'SELECT "board_post"."id" FROM "board_post" WHERE ("board_post"."id" IN (12, 13, 14)'
        ' AND "board_post"."public_id" = \'3f2a9c1e0b8d4f6a9e7c5b3a1d0f2e4c\''
        ' AND "board_post"."created_at" >= \'2026-11-25 18:06:47.123456\'::timestamptz'
        " AND \"board_post\".\"title\" = 'l''été') LIMIT 21"
    )
    assert normalise(sql) == (
        'SELECT board_post.* FROM "board_post" WHERE ("board_post"."id" IN (...)'
        ' AND "board_post"."public_id" = ? AND "board_post"."created_at" >= ?'
        ' AND "board_post"."title" = ?) LIMIT ?'
    )


def _fill_board(resident, neighbour, categories, n):
    for i in range(n):
        PostFactory(
            author=resident if i % 2 else neighbour, category=categories["transport"], urgent=i % 3 == 0
        )
        PostFactory(author=neighbour, category=categories["bricolage"], offer=True)


@pytest.mark.parametrize("rows", [2, 15])
def test_the_board_list_runs_the_snapshot_sql(anonymous, resident, neighbour, categories, rows):
    _fill_board(resident, neighbour, categories, rows)
    anonymous.get("/tableau/")  # warm the per-process caches
    assert_matches_snapshot("board_list", capture(lambda: anonymous.get("/tableau/")))


@pytest.mark.parametrize("rows", [2, 15])
def test_the_filtered_board_list_runs_the_snapshot_sql(anonymous, resident, neighbour, categories, rows):
    _fill_board(resident, neighbour, categories, rows)
    url = "/tableau/?kind=request&category=transport&commune=81070&urgent=on&q=coup+main"
    anonymous.get(url)
    assert_matches_snapshot("board_list_filtered", capture(lambda: anonymous.get(url)))


@pytest.mark.parametrize("rows", [2, 15])
def test_the_desk_runs_the_snapshot_sql(
    client_for, referent, assisted, resident, neighbour, categories, rows
):
    transport = categories["transport"]
    a_week_ago = timezone.now() - datetime.timedelta(days=7)
    for _ in range(rows):
        desk_post = PostFactory(author=assisted, category=transport, entered_by=referent)
        MessageFactory(conversation=ConversationFactory(post=desk_post, replier=neighbour))
        PostFactory(
            author=assisted, category=transport, entered_by=referent, created_at=a_week_ago
        )  # follow up
        PostFactory(author=resident, category=transport, visibility=Visibility.PENDING)
        reported = PostFactory(author=resident, category=transport)
        Report.objects.create(
            territory=reported.territory, reporter=neighbour, post=reported, reason="Pas correct"
        )
    desk = client_for(referent)
    desk.get("/accueil/")
    assert_matches_snapshot("desk", capture(lambda: desk.get("/accueil/")))


def test_an_extra_query_breaks_the_snapshot(anonymous, resident, neighbour, categories, monkeypatch):
    monkeypatch.delenv("ENTRAIDE_UPDATE_SQL_SNAPSHOTS", raising=False)  # never write this one
    _fill_board(resident, neighbour, categories, 2)
    anonymous.get("/tableau/")
    statements = capture(lambda: anonymous.get("/tableau/"))
    n_plus_one = [*statements, 'SELECT people_user.* FROM "people_user" WHERE "people_user"."id" = ? LIMIT ?']
    with pytest.raises(AssertionError, match="changed"):
        assert_matches_snapshot("board_list", n_plus_one)
