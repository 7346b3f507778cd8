"""The indicators page's tables: every registered figure by month, for the territory or one
commune, cells under MIN_PEOPLE people hidden (and, where one commune's cell alone would be
hidden, the next smallest too, so that it cannot be worked out from the total).

Only aggregated rows come out of the database (one query per figure); what is done here is
on at most communes × months cells."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from .registry import MIN_PEOPLE, Figure, figures
from .store import rows_by_key


def months_between(start: datetime.date, end: datetime.date, every: int = 1) -> list[datetime.date]:
    months = []
    index = start.year * 12 + start.month - 1
    last = end.year * 12 + end.month - 1
    while index <= last:
        month = datetime.date(index // 12, index % 12 + 1, 1)
        if every == 1 or (month.month - 1) % every == 0:
            months.append(month)
        index += 1
    return months


def last_twelve_months(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    index = today.year * 12 + today.month - 1 - 11
    return datetime.date(index // 12, index % 12 + 1, 1), today


@dataclass
class Cell:
    month: datetime.date
    value: int = 0
    people: int = 0
    hidden: bool = False

    @property
    def share(self) -> int | None:
        """The value as a percentage of the people behind it."""
        return round(100 * self.value / self.people) if self.people and not self.hidden else None


@dataclass
class Series:
    figure: Figure
    cells: list[Cell] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.figure.key

    @property
    def shown(self) -> list[Cell]:
        return [cell for cell in self.cells if not cell.hidden]

    @property
    def total(self) -> int:
        return sum(cell.value for cell in self.shown)

    @property
    def top(self) -> int:
        return max([cell.value for cell in self.shown] or [0])

    @property
    def hidden_count(self) -> int:
        return sum(cell.hidden for cell in self.cells)


def _small(people: int) -> bool:
    return 0 < people < MIN_PEOPLE


def hidden_communes(rows: list[dict]) -> set[tuple]:
    """(commune_id, month) cells not to show: under MIN_PEOPLE people, and, in a month where a
    single commune's cell would be hidden, the next smallest cell of that month as well."""
    by_month: dict = defaultdict(list)
    for row in rows:
        by_month[row["month"]].append(row)
    hidden = set()
    for month, cells in by_month.items():
        small = [row for row in cells if _small(row["people"])]
        hidden |= {(row["commune_id"], month) for row in small}
        if len(small) == 1:
            others = sorted(
                (row for row in cells if row["people"] >= MIN_PEOPLE), key=lambda row: row["people"]
            )
            if others:
                hidden.add((others[0]["commune_id"], month))
    return hidden


def series(figure: Figure, rows: list[dict], start, end, commune_id: int | None = None) -> Series:
    cells = {month: Cell(month) for month in months_between(start, end, figure.every)}
    if commune_id is not None:
        hidden = hidden_communes(rows)
    for row in rows:
        cell = cells.get(row["month"])
        if cell is None:
            continue
        if commune_id is not None:
            if row["commune_id"] != commune_id:
                continue
            cell.hidden = (row["commune_id"], row["month"]) in hidden
        cell.value += row["value"]
        cell.people += row["people"]
    for cell in cells.values():
        if _small(cell.people):
            cell.hidden = True
        if cell.hidden:
            cell.value = cell.people = 0
    return Series(figure, list(cells.values()))


def all_series(territory, start, end, commune_id: int | None = None) -> list[Series]:
    return all_series_as_of(territory, start, end, commune_id)[0]


def all_series_as_of(territory, start, end, commune_id: int | None = None):
    """Every figure's series, and when the stored cells were computed (None: computed now)."""
    rows, refreshed_at = rows_by_key(territory, start, end)
    return [series(f, rows.get(f.key, []), start, end, commune_id) for f in figures()], refreshed_at


def by_commune(territory, start, end) -> list[tuple[Figure, list[dict]]]:
    """Every figure's cells by commune and month, as the open data gives them: cells hidden under
    MIN_PEOPLE people (and their complement) are left out."""
    result = []
    by_key, _refreshed_at = rows_by_key(territory, start, end)
    for figure in figures():
        rows = by_key.get(figure.key, [])
        hidden = hidden_communes(rows)
        shown = [
            row
            for row in rows
            if row["people"] >= MIN_PEOPLE and (row["commune_id"], row["month"]) not in hidden
        ]
        result.append((figure, sorted(shown, key=lambda row: (row["month"], row["commune_id"] or 0))))
    return result
