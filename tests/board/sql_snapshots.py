"""SQL snapshots: the exact list of statements a page runs, kept in a file and compared.

A new query (an N+1, a forgotten select_related) then shows as a diff in review.
Literals (ids, uuids, dates, session keys, numbers) are normalised to `?`,
`IN (...)` lists collapsed, and a plain column list shortened to its tables
(`SELECT "board_post".*, "territories_commune".* FROM …`), so the snapshot
depends neither on the data nor on a column added to another app's model.

To (re)write the snapshots after an intended change:
    ENTRAIDE_UPDATE_SQL_SNAPSHOTS=1 .venv/bin/pytest tests/board/test_sql_snapshots.py
(once on SQLite and once with DATABASE_URL set to PostgreSQL), and review the diff.
"""

import difflib
import os
import re
from collections.abc import Callable
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

SNAPSHOTS = Path(__file__).parent / "snapshots"

_STRING = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"(?<![\w\"$.])-?\d+(?:\.\d+)?(?![\w\"])")
_IN_LIST = re.compile(r"IN \(\?(?:, \?)*\)")
_CAST = re.compile(r"\?::\w+(?: with time zone)?")
# PostgreSQL iterates form choices through a server-side cursor named after the thread.
_CURSOR = re.compile(r'^DECLARE "\w+" NO SCROLL CURSOR (WITH HOLD )?FOR ')
_SELECT_LIST = re.compile(r"^SELECT (DISTINCT )?(.*?) FROM ")
_COLUMN = re.compile(r'^(?:"(\w+)"|(\w+))\."\w+"(?: AS "\w+")?$')  # "table"."column" or T7."column"


def _tables_only(match: re.Match) -> str:
    """A plain column list becomes its tables: robust to a column added elsewhere, still shows joins."""
    columns = match.group(2).split(", ")
    found = [_COLUMN.match(column) for column in columns]
    if not all(found):
        return match.group(0)
    tables = dict.fromkeys(f"{m.group(1) or m.group(2)}.*" for m in found)
    return f"SELECT {match.group(1) or ''}{', '.join(tables)} FROM "  # noqa: S608 (a text, not a query)


def normalise(sql: str) -> str:
    sql = _STRING.sub("?", sql)
    sql = _NUMBER.sub("?", sql)
    sql = _CAST.sub("?", sql)
    sql = _IN_LIST.sub("IN (...)", sql)
    sql = " ".join(sql.split())
    cursor = _CURSOR.match(sql)
    prefix = "DECLARE CURSOR FOR " if cursor else ""
    return prefix + _SELECT_LIST.sub(_tables_only, sql[cursor.end() :] if cursor else sql)


def capture(fetch: Callable[[], object]) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert getattr(response, "status_code", 200) == 200
    return [normalise(query["sql"]) for query in ctx.captured_queries]


def assert_matches_snapshot(name: str, statements: list[str]) -> None:
    path = SNAPSHOTS / f"{name}.{connection.vendor}.sql"
    text = "\n".join(statements) + "\n"
    if os.environ.get("ENTRAIDE_UPDATE_SQL_SNAPSHOTS"):
        path.write_text(text)
        return
    assert path.exists(), f"No SQL snapshot {path.name}: run with ENTRAIDE_UPDATE_SQL_SNAPSHOTS=1 once."
    expected = path.read_text()
    if text != expected:
        diff = "\n".join(
            difflib.unified_diff(
                expected.splitlines(), text.splitlines(), "snapshot", "now", lineterm="", n=1
            )
        )
        raise AssertionError(
            f"The SQL of {name} changed ({len(expected.splitlines())} → {len(statements)} statements). "
            f"If intended, rewrite {path.name} with ENTRAIDE_UPDATE_SQL_SNAPSHOTS=1.\n{diff}"
        )
