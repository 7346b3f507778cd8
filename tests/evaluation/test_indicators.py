"""/evaluation/: every registered figure by month, for the territory or a commune, small cells
hidden, charts as accessible SVG each followed by its table; queries bounded whatever the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.evaluation import registry, services
from entraide.evaluation.indicators import hidden_communes
from tests.factories import CommuneFactory, UserFactory

pytestmark = pytest.mark.django_db


def _answers(territory, commune, n):
    for _ in range(n):
        services.answer_survey(
            territory=territory,
            person=UserFactory(commune=commune),
            contacts=0,
            knows_whom_to_ask="yes",
            trust="most",
            loneliness=2,
        )


def test_the_page_shows_every_figure_with_an_accessible_chart_and_its_table(anonymous, territory, commune):
    _answers(territory, commune, 6)
    page = anonymous.get("/evaluation/").text
    for figure in registry.figures():
        assert f'id="chart-{figure.key.replace("_", "-")}-title"' in page, figure.key
        assert f'id="{figure.key}-caption"' in page, figure.key
    assert page.count('role="img"') == len(registry.figures())
    assert "<desc" in page and "Le tableau qui suit donne toutes les valeurs." in page


def test_small_cells_are_hidden_and_said_so(anonymous, territory, commune):
    _answers(territory, commune, 3)
    page = anonymous.get("/evaluation/").text
    assert "masqué\u00a0: moins de 5 personnes" in page
    assert "&lt; 5" in page


def test_a_commune_filter_shows_its_cells_and_hides_a_lone_small_one_with_its_complement(
    anonymous, territory, commune
):
    other = CommuneFactory(territory=territory, insee_code="81099", name="Loupiac")
    _answers(territory, commune, 6)
    _answers(territory, other, 2)
    whole = anonymous.get("/evaluation/").text
    assert "masqué" not in whole.split('id="survey_answers-caption"')[1].split("</table>")[0]
    in_commune = anonymous.get(f"/evaluation/?commune={commune.pk}").text
    table = in_commune.split('id="survey_answers-caption"')[1].split("</table>")[0]
    assert "masqué\u00a0: moins de 5 personnes" in table  # 6 would give Loupiac's 2 away from the total


def test_the_complement_rule():
    month = datetime.date(2026, 1, 1)
    rows = [
        {"commune_id": 1, "month": month, "people": 2},
        {"commune_id": 2, "month": month, "people": 9},
        {"commune_id": 3, "month": month, "people": 6},
    ]
    assert hidden_communes(rows) == {(1, month), (3, month)}
    rows.append({"commune_id": 4, "month": month, "people": 1})
    assert hidden_communes(rows) == {(1, month), (4, month)}


def test_hostile_filters_are_ignored(anonymous):
    assert anonymous.get("/evaluation/?commune=x&annee=1700").status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_the_page_runs_a_bounded_number_of_queries(anonymous, territory, commune, size):
    _answers(territory, commune, size)
    anonymous.get("/evaluation/")
    with CaptureQueriesContext(connection) as queries:
        assert anonymous.get("/evaluation/").status_code == 200
    assert len(queries) <= len(registry.figures()) + 6


def test_stored_figures_give_the_same_page_in_fewer_queries(anonymous, territory, commune):
    import io

    from django.core.management import call_command

    from entraide.evaluation.indicators import all_series_as_of, last_twelve_months
    from entraide.evaluation.models import FigureCell

    _answers(territory, commune, 7)
    start, end = last_twelve_months(datetime.date.today())
    live, when = all_series_as_of(territory, start, end)
    assert when is None
    call_command("evaluation", "refresh", stdout=io.StringIO())
    assert FigureCell.objects.in_territory(territory).exists()
    stored, when = all_series_as_of(territory, start, end)
    assert when is not None
    assert [(s.key, [(c.month, c.value, c.people, c.hidden) for c in s.cells]) for s in stored] == [
        (s.key, [(c.month, c.value, c.people, c.hidden) for c in s.cells]) for s in live
    ]
    anonymous.get("/evaluation/")
    with CaptureQueriesContext(connection) as queries:
        page = anonymous.get("/evaluation/")
    assert len(queries) <= 8
    assert "Chiffres calculés le" in page.text


def test_the_nightly_refresh_covers_five_years_for_the_open_data(territory, commune):
    import io

    from django.core.management import call_command

    from entraide.evaluation.models import FigureRefresh

    call_command("evaluation", "refresh-all", stdout=io.StringIO())
    covered = FigureRefresh.objects.get(territory=territory)
    assert covered.start <= datetime.date(datetime.date.today().year - 4, 1, 1)  # /evaluation/donnees.csv
