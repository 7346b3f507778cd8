"""Every app's `diagnosis.py` feeds the diagnosis: found without registering by hand, and every source
it declares is shown in the table (both readings), the CSV, the PDF and the snapshots."""

import dataclasses
import types
import unicodedata

import pytest
from django.utils import translation

from entraide.core.discovery import app_modules
from entraide.diagnosis import sources, table
from entraide.diagnosis.models import Snapshot

from ..pdfs import pdf_text
from .test_diagnosis import cell_text

COUNT = 7


def plain(text: str) -> str:
    """Without accents, apostrophes or spacing, to compare a label with a PDF's extracted text."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum()).lower()


def test_every_app_with_a_diagnosis_module_contributes_its_sources():
    contributions = sources.contributions()
    modules = {m.__name__.rpartition(".")[0]: m for m in app_modules("diagnosis")}
    assert {"entraide.board", "entraide.directory", "entraide.people"} <= set(modules)
    for app, module in modules.items():
        assert contributions[app] == module.SOURCES, f"{app}'s diagnosis.SOURCES is not in the diagnosis"
    assert [s.key for s in sources.sources()] == [s.key for found in contributions.values() for s in found]


def test_a_new_app_joins_by_declaring_sources(monkeypatch):
    def lending(territory):
        return []

    module = types.ModuleType("entraide.lending.diagnosis")
    module.SOURCES = [sources.Source("lending_items", "objets à prêter", sources.RESOURCE, lending)]
    monkeypatch.setattr(sources, "app_modules", lambda name: [module])
    sources.contributions.cache_clear()
    try:
        assert sources.contributions()["entraide.lending"] == module.SOURCES
        assert "lending_items" in sources.registry()
    finally:
        monkeypatch.undo()
        sources.contributions.cache_clear()


@pytest.mark.parametrize(
    "declared",
    [
        None,  # a diagnosis.py without SOURCES
        ["not a source"],
        [sources.Source("needs", "doublon", sources.NEED, lambda territory: [])],  # a key already taken
    ],
)
def test_a_wrong_declaration_is_refused_at_once(monkeypatch, declared):
    module = types.ModuleType("entraide.projects.diagnosis")
    if declared is not None:
        module.SOURCES = declared
    monkeypatch.setattr(sources, "app_modules", lambda name: [module])
    sources.contributions.cache_clear()
    try:
        with pytest.raises((TypeError, ValueError)):
            sources.contributions()
    finally:
        monkeypatch.undo()
        sources.contributions.cache_clear()


def test_a_source_has_a_known_side():
    with pytest.raises(ValueError):
        sources.Source("x", "x", "gift", lambda territory: [])


@pytest.mark.django_db
def test_every_declared_source_is_shown_in_the_table_the_exports_and_the_snapshots(
    monkeypatch, anonymous, client_for, coordinator, commune, theme
):
    def fixed(source):
        need = COUNT if source.side == sources.NEED else 0
        tally = sources.Tally(theme.pk, commune.pk, None, COUNT, people=need or None, uncovered=need)
        return dataclasses.replace(source, tally=lambda territory: [tally])

    declared = sources.contributions()
    patched = {app: [fixed(s) for s in found] for app, found in declared.items()}
    monkeypatch.setattr(sources, "contributions", lambda: patched)
    with translation.override("fr"):
        labels = {s.key: str(s.label) for found in declared.values() for s in found}

    page = anonymous.get("/diagnostic/?par=commune")
    in_table = cell_text(page, "Courses")
    cards = page.text.split('class="diagnosis-cards"')[1].split('class="diagnosis-table')[0]
    csv_text = anonymous.get("/diagnostic/export.csv?par=commune").content.decode("utf-8-sig")
    pdf = plain(pdf_text(anonymous.get("/diagnostic/diagnostic.pdf?par=commune").content))
    client_for(coordinator).post("/diagnostic/instantanes/", {"title": "Diagnostic de mars 2026"})
    snapshot = Snapshot.objects.get()
    monkeypatch.setattr(sources, "contributions", lambda: {})  # the snapshot no longer needs them
    frozen = cell_text(anonymous.get(f"/diagnostic/instantanes/{snapshot.public_id}/?par=commune"), "Courses")
    for key, label in labels.items():
        line = f"{label} : {COUNT}"  # cell_text makes every space plain
        assert line in in_table, f"source {key!r} is not in the table"
        assert label in page.text.split('class="sources"')[1].split("</ul>")[0], f"{key!r} not introduced"
        assert label in cards, f"source {key!r} is not in the phone's cards"
        assert label in csv_text, f"source {key!r} is not in the CSV"
        assert plain(label) + str(COUNT) in pdf, f"source {key!r} is not in the PDF"
        assert snapshot.data["tallies"][key], f"source {key!r} is not frozen in snapshots"
        assert label in frozen, f"source {key!r} is not shown on a snapshot"
    grid = table.build(snapshot.data, table.BY_COMMUNE, exact=True)
    assert set(grid.cells[(theme.pk, f"{commune.pk}:")].figures) == set(labels)


@pytest.mark.django_db
def test_services_count_under_their_own_themes_or_else_their_initiative_s(
    commune, neighbourhood, theme, transport, outsider
):
    from entraide.directory.diagnosis import services
    from entraide.directory.enums import Publication

    from ..directory.factories import InitiativeFactory, ServiceFactory

    initiative = InitiativeFactory(commune=commune, neighbourhood=neighbourhood, categories=[theme])
    ServiceFactory(initiative=initiative)  # the initiative's theme
    ServiceFactory(initiative=initiative).categories.set([transport])  # its own
    hidden = InitiativeFactory(commune=commune, categories=[theme], publication=Publication.PROPOSED)
    ServiceFactory(initiative=hidden)  # not published: not counted
    ServiceFactory(initiative=InitiativeFactory(commune=outsider.commune, categories=[]))
    assert sorted(
        (t.category_id, t.commune_id, t.neighbourhood_id, t.count) for t in services(commune.territory)
    ) == sorted(
        [(theme.pk, commune.pk, neighbourhood.pk, 1), (transport.pk, commune.pk, neighbourhood.pk, 1)]
    )
