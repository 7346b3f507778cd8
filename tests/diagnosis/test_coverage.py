"""The coverage rules of docs/directory.md, one function for every cell, and how small numbers read."""

import re

import pytest

from entraide.diagnosis.enums import Coverage, NeedStatus
from entraide.diagnosis.table import about_people, coverage

from ..directory.factories import InitiativeFactory
from .factories import NeedFactory
from .test_diagnosis import cell_text

U, P, C, N = Coverage.UNCOVERED, Coverage.PARTIAL, Coverage.COVERED, Coverage.NO_NEED


@pytest.mark.parametrize(
    ("needs", "unanswered", "partly", "resources", "expected"),
    [
        # No need recorded: whatever helps, there is nothing to cover.
        (0, 0, 0, 0, N),
        (0, 0, 0, 3, N),
        # Needs nothing answers, and nothing here helps: uncovered.
        (1, 1, 0, 0, U),
        (6, 6, 0, 0, U),
        # ... but three initiatives on the theme in the place: partly covered, never "uncovered".
        (1, 1, 0, 3, P),
        # Some needs answered, others not: partly covered, even with no resource here.
        (2, 1, 0, 0, P),
        # A need partly answered: partly covered.
        (1, 0, 1, 0, P),
        (1, 0, 1, 2, P),
        (3, 1, 1, 0, P),
        # Every need answered: covered, with or without resources here.
        (1, 0, 0, 0, C),
        (4, 0, 0, 2, C),
    ],
)
def test_a_cell_s_coverage_follows_the_rules(needs, unanswered, partly, resources, expected):
    assert coverage(needs=needs, unanswered=unanswered, partly=partly, resources=resources) == expected


@pytest.mark.parametrize(
    ("people", "exact", "expected"),
    [
        (3, False, r"(moins de 5 personnes|fewer than 5 people)"),
        (4, False, r"(moins de 5 personnes|fewer than 5 people)"),
        (5, False, r"(environ 5 personnes|about 5 people)"),
        (3, True, r"(environ 3 personnes|about 3 people)"),
        (1, True, r"(environ 1 personne|about 1 person)"),
    ],
)
def test_a_rough_count_of_people_reads_plainly(people, exact, expected):
    assert re.fullmatch(expected, about_people(people, exact))


@pytest.mark.django_db
def test_a_need_beside_initiatives_is_partly_covered_not_uncovered(anonymous, commune, neighbourhood, theme):
    NeedFactory(commune=commune, neighbourhood=neighbourhood, category=theme, people_count=3)
    for _ in range(3):
        InitiativeFactory(commune=commune, neighbourhood=neighbourhood, categories=[theme])
    text = cell_text(anonymous.get("/diagnostic/"), "Courses")
    assert "Partiellement couvert" in text
    assert "Non couvert" not in text
    assert re.search(r"initiatives\s?: 3", text)
    assert re.search(r"\(moins de 5 personnes\)", text)
    assert "environ moins" not in text


@pytest.mark.django_db
def test_the_legend_states_the_rules_the_cells_follow(anonymous, commune, theme):
    NeedFactory(commune=commune, category=theme, status=NeedStatus.COVERED)
    page = anonymous.get("/diagnostic/").text
    legend = page.split('class="legend"')[1].split("</dl>")[0]
    for label in ("Non couvert", "Partiellement couvert", "Couvert", "Aucun besoin enregistré"):
        assert label in legend
    assert "nothing here answers" not in legend  # translated
