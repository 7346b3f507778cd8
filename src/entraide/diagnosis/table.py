"""The theme × place table of the diagnosis, built from the sources' tallies.

The same code renders the live diagnosis and a frozen snapshot: a snapshot
stores the raw tallies and the names of themes and places as they were.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entraide.categories.models import Category
from entraide.territories.models import Commune, Neighbourhood, Territory

from . import sources as registry
from .enums import Coverage

SMALL = 5  # fewer people than this are never shown on public pages
BY_NEIGHBOURHOOD, BY_COMMUNE = "quartier", "commune"


def shown(value: int | None, exact: bool) -> str:
    """A count of people as a public page may show it: "fewer than 5" below 5."""
    if not value:
        return "0"
    if not exact and value < SMALL:
        return _("fewer than %(n)s") % {"n": SMALL}
    return str(value)


def about_people(value: int, exact: bool) -> str:
    """A rough count of people: "about 12 people", but "fewer than 5 people", never "about fewer than 5"."""
    if not exact and value < SMALL:
        return _("fewer than %(n)s people") % {"n": SMALL}
    return ngettext("about %(n)s person", "about %(n)s people", value) % {"n": value}


def coverage(*, needs: int, unanswered: int, partly: int, resources: int) -> Coverage:
    """The coverage of one theme in one place, from the counts of its cell (docs/directory.md).

    `needs` counts the recorded needs and the requests without help; `unanswered` those of
    them nothing answers yet, `partly` those partly answered; `resources` counts what helps
    here (initiatives, services, offers, people who can help).
    """
    if not needs:
        return Coverage.NO_NEED
    if not unanswered and not partly:
        return Coverage.COVERED
    something_helps = resources or partly or needs > unanswered
    return Coverage.PARTIAL if something_helps else Coverage.UNCOVERED


@dataclass
class Figure:
    key: str
    label: str
    side: str
    counts_people: bool
    count: int = 0
    people: int = 0

    def text(self, exact: bool) -> str:
        label = str(self.label)
        if self.counts_people:
            return _("%(what)s: %(n)s") % {"what": label, "n": shown(self.count, exact)}
        text = _("%(what)s: %(n)s") % {"what": label, "n": self.count}
        if self.people:
            text += " (" + about_people(self.people, exact) + ")"
        return text


@dataclass
class Cell:
    figures: dict[str, Figure] = field(default_factory=dict)
    needs: int = 0
    resources: int = 0
    uncovered: int = 0
    partly: int = 0

    @property
    def coverage(self) -> str:
        return coverage(
            needs=self.needs, unanswered=self.uncovered, partly=self.partly, resources=self.resources
        ).value

    @property
    def coverage_label(self) -> str:
        return str(Coverage(self.coverage).label)

    def lines(self, side: str, exact: bool) -> list[str]:
        return [f.text(exact) for f in self.figures.values() if f.side == side and f.count]


@dataclass
class Table:
    axis: str
    themes: list[tuple[int, str]]
    areas: list[tuple[str, str]]  # (key, label)
    cells: dict[tuple[int, str], Cell]
    exact: bool = False
    sources: dict[str, dict] = field(default_factory=dict)  # key: {"label", "side", "people"}
    communes: dict[str, str] = field(default_factory=dict)  # commune id (as in area keys): name

    def helps(self) -> list[str]:
        """The labels of the sources counted as resources, in order."""
        return [meta["label"] for meta in self.sources.values() if meta["side"] == registry.RESOURCE]

    def asks(self) -> list[str]:
        """The labels of the sources counted as needs, in order."""
        return [meta["label"] for meta in self.sources.values() if meta["side"] == registry.NEED]

    def rows(self):
        """[(theme name, [(area label, cell or None)])] in order, for templates."""
        return [
            (name, [(label, self.cells.get((theme_id, key))) for key, label in self.areas])
            for theme_id, name in self.themes
        ]

    def cards(self):
        """[(theme name, [(area label, cell)])] for the themes with something recorded, in order."""
        return [(name, found) for name, cells in self.rows() if (found := [(a, c) for a, c in cells if c])]

    def quiet_themes(self) -> list[str]:
        """The themes with nothing recorded in any place."""
        return [name for name, cells in self.rows() if not any(c for _a, c in cells)]

    def pages(self, columns: int = 6) -> list[tuple[str, list[int]]]:
        """The areas split for print, at most `columns` each: [(commune name or "", [area index])].

        By neighbourhood, each commune's places are printed together, under its name.
        """
        groups: list[tuple[str, list[int]]] = []
        for index, (key, _label) in enumerate(self.areas):
            name = self.communes.get(key.split(":")[0], "") if self.axis == BY_NEIGHBOURHOOD else ""
            if groups and groups[-1][0] == name and len(groups[-1][1]) < columns:
                groups[-1][1].append(index)
            else:
                groups.append((name, [index]))
        return groups

    def summary(self) -> dict[str, int]:
        counts = {c.value: 0 for c in Coverage}
        for cell in self.cells.values():
            counts[cell.coverage] += 1
        return counts


def area_key(axis: str, commune_id: int, neighbourhood_id: int | None) -> str:
    if axis == BY_COMMUNE or neighbourhood_id is None:
        return f"{commune_id}:"
    return f"{commune_id}:{neighbourhood_id}"


def collect(territory: Territory) -> dict:
    """Everything a table needs, as plain data (what a snapshot stores)."""
    themes = [[c.pk, c.name] for c in Category.objects.in_territory(territory).active()]
    communes = [[c.pk, c.name] for c in Commune.objects.in_territory(territory)]
    neighbourhoods = [
        [n.pk, n.commune_id, n.name] for n in Neighbourhood.objects.in_territory(territory).order_by("name")
    ]
    tallies = {}
    meta = {}
    for source in registry.sources():
        tallies[source.key] = [
            [t.category_id, t.commune_id, t.neighbourhood_id, t.count, t.people, t.uncovered, t.partly]
            for t in source.tally(territory)
        ]
        meta[source.key] = {"label": str(source.label), "side": source.side, "people": source.counts_people}
    return {
        "uncovered_needs": uncovered_needs(territory),
        "themes": themes,
        "communes": communes,
        "neighbourhoods": neighbourhoods,
        "tallies": tallies,
        "sources": meta,
    }


def pressing_needs(territory: Territory, limit: int = 100):
    """Recorded needs nothing answers yet, most pressing (most people, most recent) first."""
    from .enums import NeedStatus
    from .models import Need

    return (
        Need.objects.in_territory(territory)
        .recorded()
        .filter(status=NeedStatus.UNCOVERED)
        .select_related("category", "commune", "neighbourhood")
        .pressing_first()[:limit]
    )


def uncovered_needs(territory: Territory) -> list[dict]:
    return [
        {
            "description": n.description,
            "theme": n.category.name,
            "place": n.place,
            "people": n.people_count,
            "heard_on": n.heard_on.isoformat(),
        }
        for n in pressing_needs(territory)
    ]


def build(data: dict, axis: str = BY_NEIGHBOURHOOD, exact: bool = False) -> Table:
    axis = axis if axis in {BY_NEIGHBOURHOOD, BY_COMMUNE} else BY_NEIGHBOURHOOD
    areas = []
    by_commune = defaultdict(list)
    for pk, commune_id, name in data["neighbourhoods"]:
        by_commune[commune_id].append((pk, name))
    for commune_id, commune_name in data["communes"]:
        if axis == BY_NEIGHBOURHOOD:
            for pk, name in by_commune[commune_id]:
                areas.append((f"{commune_id}:{pk}", f"{name} ({commune_name})"))
            label = _("%(commune)s, whole commune") % {"commune": commune_name}
            areas.append((f"{commune_id}:", label if by_commune[commune_id] else commune_name))
        else:
            areas.append((f"{commune_id}:", commune_name))
    known_areas = {key for key, _label in areas}
    known_themes = {pk for pk, _name in data["themes"]}
    cells: dict[tuple[int, str], Cell] = {}
    for key, rows in data["tallies"].items():
        meta = data["sources"][key]
        for category_id, commune_id, neighbourhood_id, count, people, uncovered, partly in rows:
            where = area_key(axis, commune_id, neighbourhood_id)
            if category_id not in known_themes or where not in known_areas:
                continue
            cell = cells.setdefault((category_id, where), Cell())
            figure = cell.figures.setdefault(key, Figure(key, meta["label"], meta["side"], meta["people"]))
            figure.count += count
            figure.people += people or 0
            if meta["side"] == registry.NEED:
                cell.needs += count
                cell.uncovered += uncovered
                cell.partly += partly
            else:
                cell.resources += count
    communes = {str(pk): name for pk, name in data["communes"]}
    return Table(axis, [tuple(t) for t in data["themes"]], areas, cells, exact, data["sources"], communes)


def compare(before: Table, after: Table) -> list[dict]:
    """Cells whose coverage or figures changed between two tables of the same axis."""
    changes = []
    labels = dict(after.areas) | dict(before.areas)
    names = dict(after.themes) | dict(before.themes)
    for key in sorted(
        set(before.cells) | set(after.cells), key=lambda k: (names.get(k[0], ""), labels.get(k[1], ""))
    ):
        old, new = before.cells.get(key, Cell()), after.cells.get(key, Cell())
        if (old.coverage, old.needs, old.resources) != (new.coverage, new.needs, new.resources):
            changes.append(
                {
                    "theme": names.get(key[0], "?"),
                    "area": labels.get(key[1], "?"),
                    "before": old,
                    "after": new,
                }
            )
    return changes
