"""Needs: recorded by referents and coordinators, suggested by residents."""

import pytest

from entraide.diagnosis.enums import NeedState, NeedStatus
from entraide.diagnosis.models import Need

from ..directory.factories import InitiativeFactory
from ..factories import CommuneFactory
from .factories import NeedFactory

pytestmark = pytest.mark.django_db


def need_data(commune, theme, **changes):
    return {
        "description": "Pas de transport pour aller au marché le samedi.",
        "category": theme.pk,
        "commune": commune.pk,
        "audience": "seniors",
        "people_count": "12",
        "source": "survey",
        "heard_on": "2026-03-10",
        "status": "uncovered",
        **changes,
    }


@pytest.mark.parametrize("persona", ["coordinator", "referent", "administrator"])
def test_referents_and_coordinators_record_needs(client_for, request, persona, commune, theme):
    user = request.getfixturevalue(persona)
    response = client_for(user).post("/besoins/nouveau/", need_data(commune, theme))
    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.state, need.status, need.recorded_by) == (NeedState.RECORDED, NeedStatus.UNCOVERED, user)


@pytest.mark.parametrize("persona", ["resident", "outsider"])
def test_residents_cannot_record_needs(client_for, request, persona, commune, theme):
    user = request.getfixturevalue(persona)
    assert client_for(user).post("/besoins/nouveau/", need_data(commune, theme)).status_code in (302, 403)
    assert client_for(user).get("/besoins/").status_code in (302, 403)
    assert not Need.objects.exists()


def test_a_referent_records_needs_only_in_their_commune(client_for, referent, territory, theme):
    other = CommuneFactory(territory=territory, insee_code="81220", name="Rabastens")
    response = client_for(referent).post("/besoins/nouveau/", need_data(other, theme))
    assert response.status_code == 400
    assert not Need.objects.exists()


def test_a_resident_suggests_a_need_that_a_coordinator_then_records(
    client_for, resident, coordinator, commune, theme
):
    response = client_for(resident).post(
        "/besoins/proposer/", need_data(commune, theme, people_count="", source="", status="")
    )
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.state == NeedState.SUGGESTED and need.suggested_by == resident
    # A suggestion is not in the diagnosis until it is recorded.
    assert need.description not in client_for(None).get("/diagnostic/").text
    client_for(coordinator).post(f"/besoins/{need.public_id}/", need_data(commune, theme))
    need.refresh_from_db()
    assert need.state == NeedState.RECORDED and need.recorded_by == coordinator


def test_bad_input_is_refused_with_messages(client_for, coordinator, commune, theme):
    response = client_for(coordinator).post(
        "/besoins/nouveau/",
        need_data(commune, theme, description="", people_count="-3", heard_on="2999-01-01"),
    )
    assert response.status_code == 400
    assert response.text.count('aria-invalid="true"') >= 3
    assert not Need.objects.exists()


def test_linking_an_initiative_makes_an_uncovered_need_partly_covered(
    client_for, coordinator, commune, theme
):
    need = NeedFactory(commune=commune, category=theme)
    initiative = InitiativeFactory(commune=commune)
    client_for(coordinator).post(
        f"/besoins/{need.public_id}/", need_data(commune, theme, answered_by=[initiative.pk])
    )
    need.refresh_from_db()
    assert need.status == NeedStatus.PARTLY
    assert list(need.answered_by.all()) == [initiative]


def test_needs_of_another_territory_are_404(client_for, coordinator, outsider):
    theirs = NeedFactory(commune=outsider.commune)
    client = client_for(coordinator)
    assert client.get(f"/besoins/{theirs.public_id}/").status_code == 404
    assert client.post(f"/besoins/{theirs.public_id}/supprimer/").status_code == 404
    assert Need.objects.filter(pk=theirs.pk).exists()


def test_a_coordinator_removes_a_need(client_for, coordinator, commune, theme):
    need = NeedFactory(commune=commune, category=theme)
    assert client_for(coordinator).post(f"/besoins/{need.public_id}/supprimer/").status_code == 302
    assert not Need.objects.exists()


def test_a_referent_is_offered_to_edit_only_the_needs_of_their_communes(
    client_for, referent, commune, territory
):
    from ..factories import CommuneFactory
    from .factories import NeedFactory

    mine = NeedFactory(commune=commune, description="Besoin de Coufouleux")
    theirs = NeedFactory(
        commune=CommuneFactory(territory=territory, name="Loupiac"), description="Besoin de Loupiac"
    )
    client = client_for(referent)
    for path in ("/besoins/", "/diagnostic/"):
        page = client.get(path).text
        assert f"/besoins/{mine.public_id}/" in page
        assert f"/besoins/{theirs.public_id}/" not in page
