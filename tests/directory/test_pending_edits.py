"""The author of a proposal edits it until a referent publishes it."""

import pytest

from entraide.directory.models import Correction, Initiative

from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def form(initiative, **changes):
    return {
        "name": initiative.name,
        "kind": initiative.kind,
        "description": initiative.description,
        "audience": initiative.audience,
        "commune": initiative.commune_id,
        "status": initiative.status,
        **changes,
    }


def test_the_author_edits_a_pending_proposal_which_stays_pending(client_for, resident, commune):
    proposal = InitiativeFactory(commune=commune, proposed=True, proposed_by=resident)
    client = client_for(resident)
    assert f"/initiatives/{proposal.slug}/modifier/" in client.get(f"/initiatives/{proposal.slug}/").text
    assert client.get(f"/initiatives/{proposal.slug}/modifier/").status_code == 200
    response = client.post(
        f"/initiatives/{proposal.slug}/modifier/", form(proposal, description="Mieux décrite, fictive.")
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.description == "Mieux décrite, fictive."
    assert not proposal.is_published
    assert not Correction.objects.exists()
    assert "decrite" in proposal.search_text


def test_the_author_can_no_longer_edit_once_published(client_for, resident, commune):
    initiative = InitiativeFactory(commune=commune, proposed_by=resident)  # published
    client_for(resident).post(
        f"/initiatives/{initiative.slug}/modifier/", form(initiative, description="Changée, fictive.")
    )
    initiative.refresh_from_db()
    assert initiative.description != "Changée, fictive."
    assert Correction.objects.get().data["description"] == ["Changée, fictive."]


@pytest.mark.parametrize("persona", ["neighbour", "outsider"])
def test_nobody_else_edits_a_proposal(client_for, request, resident, commune, persona):
    proposal = InitiativeFactory(commune=commune, proposed=True, proposed_by=resident)
    client = client_for(request.getfixturevalue(persona))
    response = client.post(f"/initiatives/{proposal.slug}/modifier/", form(proposal, description="Pirate."))
    assert response.status_code in {403, 404}
    assert Initiative.objects.get().description != "Pirate."
