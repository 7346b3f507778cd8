"""Renaming a category refreshes the search text of the entries filed under it."""

import pytest

from ..helpers import assert_constant_queries
from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_renaming_a_theme_makes_entries_findable_by_the_new_name(anonymous, commune, theme, transport):
    filed = InitiativeFactory(commune=commune, name="Épicerie fictive", categories=[theme])
    other = InitiativeFactory(commune=commune, name="Covoiturage fictif", categories=[transport])
    assert "Épicerie fictive" not in anonymous.get("/initiatives/?q=ravitaillements").text
    theme.name = "Ravitaillement"
    theme.save()
    filed.refresh_from_db()
    other.refresh_from_db()
    assert "ravitaillement" in filed.search_text and "courses" not in filed.search_text
    assert "ravitaillement" not in other.search_text
    assert "Épicerie fictive" in anonymous.get("/initiatives/?q=ravitaillements").text


def test_saving_a_theme_without_renaming_it_leaves_entries_alone(commune, theme, django_assert_num_queries):
    InitiativeFactory(commune=commune, categories=[theme])
    theme.position = 3
    with django_assert_num_queries(2):  # read the old name, save
        theme.save()


def test_a_rename_costs_the_same_queries_for_few_or_many_entries(commune, theme):
    def make(n):
        for _ in range(n):
            InitiativeFactory(commune=commune, categories=[theme])

    names = iter(f"Courses {i}" for i in range(10))

    def rename():
        theme.name = next(names)
        theme.save()

    assert_constant_queries(rename, make, small=2, large=30)
