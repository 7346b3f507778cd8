"""The theme × place table, small numbers, snapshots and their comparison, PDF and CSV."""

import csv
import io
import re

import pytest

from entraide.diagnosis import table
from entraide.diagnosis.enums import NeedStatus
from entraide.diagnosis.models import Snapshot
from entraide.people.diagnosis import helpers

from ..directory.factories import InitiativeFactory
from ..factories import UserFactory
from ..helpers import assert_constant_queries
from .factories import NeedFactory

pytestmark = pytest.mark.django_db


def cell_text(response, theme: str) -> str:
    row = re.search(rf'<th scope="row">{theme}</th>(.*?)</tr>', response.text, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(1))) if row else ""


def test_a_recorded_need_shows_as_uncovered_until_an_initiative_answers_it(
    anonymous, client_for, coordinator, commune, neighbourhood, theme
):
    need = NeedFactory(commune=commune, neighbourhood=neighbourhood, category=theme, people_count=30)
    page = anonymous.get("/diagnostic/")
    assert "Non couvert" in cell_text(page, "Courses") or "Uncovered" in cell_text(page, "Courses")
    assert need.description in page.text
    initiative = InitiativeFactory(commune=commune, neighbourhood=neighbourhood, categories=[theme])
    need.answered_by.add(initiative)
    need.status = NeedStatus.COVERED
    need.save()
    page = anonymous.get("/diagnostic/")
    text = cell_text(page, "Courses")
    assert "Couvert" in text or "Covered" in text
    assert re.search(r"initiatives\s?: 1", text)
    assert need.description not in page.text  # no longer in the uncovered list


def test_the_table_has_captions_and_headers_and_words_not_only_colours(anonymous, commune, theme):
    NeedFactory(commune=commune, category=theme)
    text = anonymous.get("/diagnostic/").text
    assert "<caption" in text and 'scope="col"' in text and 'scope="row"' in text
    assert 'class="cov-label"' in text


def test_small_numbers_of_people_are_never_public(anonymous, client_for, coordinator, commune, theme):
    NeedFactory(commune=commune, category=theme, people_count=3)
    for name in ["A", "B"]:
        UserFactory(commune=commune, neighbourhood=None, can_help_with="Courses au marché", display_name=name)
    public = anonymous.get("/diagnostic/")
    text = cell_text(public, "Courses")
    assert "moins de 5" in text or "fewer than 5" in text
    assert "environ 3" not in text and "about 3" not in text
    assert not re.search(r":\s?2", text)
    exact = cell_text(client_for(coordinator).get("/diagnostic/"), "Courses")
    assert "3" in exact and re.search(r":\s?2", exact)
    assert "3" not in anonymous.get("/diagnostic/export.csv").content.decode().split("\n", 1)[1]


def test_people_who_can_help_count_as_resources(commune, neighbourhood, theme, transport):
    UserFactory(commune=commune, neighbourhood=neighbourhood, can_help_with="Courses le samedi, transport")
    UserFactory(commune=commune, neighbourhood=neighbourhood, can_help_with="Tricot")
    tallies = helpers(commune.territory)
    assert {(t.category_id, t.count) for t in tallies} == {(theme.pk, 1), (transport.pk, 1)}


def test_the_table_by_commune_adds_up_neighbourhoods(anonymous, commune, neighbourhood, theme):
    NeedFactory(commune=commune, neighbourhood=neighbourhood, category=theme, people_count=10)
    NeedFactory(commune=commune, category=theme, people_count=10)
    data = table.collect(commune.territory)
    by_commune = table.build(data, table.BY_COMMUNE, exact=True)
    assert [label for _key, label in by_commune.areas] == ["Coufouleux"]
    assert by_commune.cells[(theme.pk, f"{commune.pk}:")].needs == 2
    page = anonymous.get("/diagnostic/?par=commune")
    assert re.search(r"(needs|besoins[^:]*)\s?: 2", cell_text(page, "Courses"))


def test_the_diagnosis_keeps_a_constant_number_of_queries(anonymous, commune, neighbourhood, theme):
    def add(n):
        for i in range(n):
            NeedFactory(commune=commune, neighbourhood=neighbourhood if i % 2 else None, category=theme)
            InitiativeFactory(commune=commune, categories=[theme])
            UserFactory(commune=commune, can_help_with="courses")

    assert_constant_queries(lambda: anonymous.get("/diagnostic/"), add, large=120)


def test_a_snapshot_is_taken_and_compared_with_today(client_for, coordinator, commune, theme, anonymous):
    need = NeedFactory(commune=commune, category=theme, people_count=20)
    response = client_for(coordinator).post("/diagnostic/instantanes/", {"title": "Diagnostic de mars 2026"})
    snapshot = Snapshot.objects.get()
    assert response["Location"] == f"/diagnostic/instantanes/{snapshot.public_id}/"
    need.status = NeedStatus.COVERED
    need.save()
    page = anonymous.get(f"/diagnostic/instantanes/{snapshot.public_id}/?comparer=maintenant")
    assert page.status_code == 200
    comparison = page.text.split('id="comparison"')[1].split("</table>")[0]
    assert "Non couvert" in comparison or "Uncovered" in comparison
    assert "Couvert" in comparison or "Covered" in comparison
    # The snapshot itself did not move.
    assert need.description in page.text


def test_two_snapshots_compare(client_for, coordinator, commune, theme):
    client = client_for(coordinator)
    client.post("/diagnostic/instantanes/", {"title": "Avant"})
    NeedFactory(commune=commune, category=theme)
    client.post("/diagnostic/instantanes/", {"title": "Après"})
    before, after = Snapshot.objects.order_by("created_at")
    page = client.get(f"/diagnostic/instantanes/{after.public_id}/?comparer={before.public_id}")
    assert "Courses" in page.text.split('id="comparison"')[1]


@pytest.mark.parametrize("persona", ["resident", "outsider"])
def test_only_followers_take_snapshots(client_for, request, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).post("/diagnostic/instantanes/", {"title": "X"}).status_code in (302, 403)
    assert not Snapshot.objects.exists()


def test_snapshots_of_another_territory_are_404(client_for, coordinator, outsider):
    theirs = Snapshot.objects.create(territory=outsider.territory, title="Ailleurs", data={})
    assert client_for(coordinator).get(f"/diagnostic/instantanes/{theirs.public_id}/").status_code == 404
    assert (
        client_for(coordinator).get(f"/diagnostic/diagnostic.pdf?instantane={theirs.public_id}").status_code
        == 404
    )


def test_the_pdf_and_csv_exports(anonymous, client_for, coordinator, commune, theme):
    NeedFactory(commune=commune, category=theme, people_count=8)
    client_for(coordinator).post("/diagnostic/instantanes/", {"title": "Diagnostic de mars 2026"})
    snapshot = Snapshot.objects.get()
    for url in ["/diagnostic/diagnostic.pdf", f"/diagnostic/diagnostic.pdf?instantane={snapshot.public_id}"]:
        response = anonymous.get(url)
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    text = anonymous.get("/diagnostic/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][0] == "Courses"
