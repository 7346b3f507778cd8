"""Every app's figures.py plugs into one registry: a list FIGURES of Figure, unique keys, and
each figure computed by one aggregate query whatever the data (an empty and a demo territory)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.core.discovery import app_modules
from entraide.evaluation import registry
from entraide.evaluation.registry import MIN_PEOPLE, Figure
from entraide.territories.models import Territory

pytestmark = pytest.mark.django_db

START, END = datetime.date(2020, 1, 1), datetime.date(2035, 12, 31)


def test_every_figures_module_declares_a_list_of_figures():
    modules = app_modules("figures")
    assert modules, "at least the evaluation's own figures"
    for module in modules:
        assert isinstance(module.FIGURES, list), module.__name__
        assert module.FIGURES, module.__name__
        for figure in module.FIGURES:
            assert isinstance(figure, Figure), (module.__name__, figure)
            assert callable(figure.compute)
            assert str(figure.label) and str(figure.module)


def test_figure_keys_are_unique():
    keys = [figure.key for module in app_modules("figures") for figure in module.FIGURES]
    assert len(keys) == len(set(keys))
    assert [figure.key for figure in registry.figures()] == keys


def _check_one_query(territory):
    for figure in registry.figures():
        with CaptureQueriesContext(connection) as queries:
            rows = figure.rows(territory, START, END)
        assert len(queries) == 1, (figure.key, [q["sql"] for q in queries])
        for row in rows:
            assert set(row) == {"commune_id", "month", "value", "people"}, figure.key
            assert row["month"] is None or row["month"].day == 1, figure.key
    return True


def test_each_figure_is_one_aggregate_query_on_an_empty_territory(territory):
    assert _check_one_query(territory)


def test_each_figure_is_one_aggregate_query_on_the_demo_territory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("demo", "--quiet-logins", stdout=io.StringIO())
    territory = Territory.objects.get(is_demo=True)
    assert _check_one_query(territory)


def test_small_cells_are_suppressed():
    rows = [{"people": MIN_PEOPLE - 1, "value": 9}, {"people": MIN_PEOPLE, "value": 7}, {"people": 0}]
    assert registry.suppress(rows) == [{"people": MIN_PEOPLE, "value": 7}]
    assert not registry.visible({"people": None})


def test_two_figures_with_one_key_are_refused(monkeypatch):
    class Module:
        FIGURES = [Figure("same", "a", "m", lambda *a: []), Figure("same", "b", "m", lambda *a: [])]

    monkeypatch.setattr(registry, "app_modules", lambda name: [Module])
    with pytest.raises(ValueError, match="same"):
        registry.figures()
