"""Proposing, validating, correcting and claiming entries of the directory."""

import pytest

from entraide.directory.enums import CorrectionState, Publication
from entraide.directory.models import Correction, Holder, Initiative

from ..factories import CommuneFactory, RoleFactory, UserFactory
from .factories import HolderFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def proposal(commune, **changes):
    return {
        "name": "Les Jardins Partagés de la Gare",
        "kind": "collective",
        "description": "Un potager partagé où chacun vient jardiner quand il veut.",
        "audience": "tous-publics",
        "commune": commune.pk,
        "opening_hours": "Sa 09:00-12:00",
        "status": "active",
        **changes,
    }


def test_a_resident_proposes_an_initiative_that_waits_for_the_referent(client_for, resident, commune, theme):
    response = client_for(resident).post("/initiatives/proposer/", proposal(commune, categories=[theme.pk]))
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.publication == Publication.PROPOSED
    assert initiative.proposed_by == resident
    assert initiative.slug == "les-jardins-partages-de-la-gare"
    assert initiative.opening_hours_ok
    assert list(initiative.categories.all()) == [theme]
    # Not public yet, but its author sees it.
    assert client_for(None).get("/initiatives/les-jardins-partages-de-la-gare/").status_code == 404
    assert client_for(resident).get(response["Location"]).status_code == 200
    assert "Les Jardins" not in client_for(None).get("/initiatives/").text


def test_the_referent_validates_it_and_it_becomes_public(client_for, resident, referent, commune, anonymous):
    client_for(resident).post("/initiatives/proposer/", proposal(commune))
    initiative = Initiative.objects.get()
    queue = client_for(referent).get("/initiatives/a-valider/")
    assert initiative.name in queue.text
    response = client_for(referent).post(f"/initiatives/{initiative.slug}/publier/")
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.is_published
    assert initiative.name in anonymous.get("/initiatives/").text
    assert anonymous.get(f"/initiatives/{initiative.slug}/").status_code == 200


def test_a_referent_proposal_is_published_at_once(client_for, referent, commune):
    client_for(referent).post("/initiatives/proposer/", proposal(commune))
    assert Initiative.objects.get().is_published


@pytest.mark.parametrize("persona", ["resident", "coordinator", "neighbour"])
def test_only_the_referent_of_the_commune_validates(client_for, request, persona, commune):
    initiative = InitiativeFactory(commune=commune, proposed=True)
    user = request.getfixturevalue(persona)
    response = client_for(user).post(f"/initiatives/{initiative.slug}/publier/")
    assert response.status_code in (403, 404)
    initiative.refresh_from_db()
    assert not initiative.is_published


def test_a_referent_of_another_commune_does_not_validate(client_for, territory, commune):
    other = CommuneFactory(territory=territory, insee_code="81220", name="Rabastens")
    user = UserFactory(commune=other)
    RoleFactory(user=user, commune=other)
    initiative = InitiativeFactory(commune=commune, proposed=True)
    assert client_for(user).post(f"/initiatives/{initiative.slug}/publier/").status_code == 404
    assert initiative.name not in client_for(user).get("/initiatives/a-valider/").text


def test_the_referent_refuses_a_proposal(client_for, referent, commune):
    initiative = InitiativeFactory(commune=commune, proposed=True)
    assert client_for(referent).post(f"/initiatives/{initiative.slug}/refuser/").status_code == 302
    assert not Initiative.objects.filter(pk=initiative.pk).exists()


def test_it_rejects_get_on_actions(client_for, referent, commune):
    initiative = InitiativeFactory(commune=commune, proposed=True)
    assert client_for(referent).get(f"/initiatives/{initiative.slug}/publier/").status_code == 405


def test_bad_input_gets_french_messages_and_stores_nothing(client_for, resident, commune, territory):
    other_place = CommuneFactory(territory=territory, insee_code="81220", name="Rabastens")
    from ..factories import NeighbourhoodFactory

    elsewhere = NeighbourhoodFactory(commune=other_place, name="Faubourg")
    response = client_for(resident).post(
        "/initiatives/proposer/",
        proposal(
            commune,
            name="X",
            description="<script>alert(1)</script>",
            neighbourhood=elsewhere.pk,
            latitude="48.85",
            contact_email="pas-un-courriel",
        ),
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert "Assurez-vous que cette valeur comporte au moins 3 caractères" in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert not Initiative.objects.exists()


def test_an_address_is_refused_without_a_public_place(client_for, resident, commune):
    response = client_for(resident).post(
        "/initiatives/proposer/",
        proposal(commune, address="3 rue des Lilas", latitude="43.8", longitude="1.6"),
    )
    assert response.status_code == 400
    assert not Initiative.objects.exists()


def test_coordinates_outside_france_are_refused(client_for, resident, commune):
    response = client_for(resident).post(
        "/initiatives/proposer/",
        proposal(commune, has_public_place="on", address="1 place", latitude="40.7", longitude="-74.0"),
    )
    assert response.status_code == 400
    assert "Ce point n’est pas en France" in response.text or "not in France" in response.text
    assert not Initiative.objects.exists()


def test_unparsable_opening_hours_are_kept_and_flagged(client_for, referent, commune):
    client_for(referent).post(
        "/initiatives/proposer/", proposal(commune, opening_hours="le mardi après-midi")
    )
    initiative = Initiative.objects.get()
    assert initiative.opening_hours == "le mardi après-midi"
    assert not initiative.opening_hours_ok


def test_the_database_refuses_an_address_without_a_public_place(commune):
    from django.db import IntegrityError

    initiative = InitiativeFactory(commune=commune)
    with pytest.raises(IntegrityError):
        Initiative.objects.filter(pk=initiative.pk).update(address="3 rue des Lilas")


def test_a_resident_proposes_a_correction_that_the_referent_applies(client_for, resident, referent, commune):
    initiative = InitiativeFactory(commune=commune, name="Vestiaire fictif", slug="vestiaire-fictif")
    data = proposal(commune, name="Vestiaire fictif", kind="association", contact_phone="05 00 00 00 01")
    data["correction_note"] = "Nouveau numéro"
    response = client_for(resident).post("/initiatives/vestiaire-fictif/modifier/", data)
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.contact_phone == ""  # not changed until validated
    correction = Correction.objects.get()
    assert "contact_phone" in correction.changed_fields
    page = client_for(referent).get(f"/initiatives/corrections/{correction.public_id}/")
    assert "05 00 00 00 01" in page.text
    client_for(referent).post(f"/initiatives/corrections/{correction.public_id}/", {"decision": "apply"})
    initiative.refresh_from_db()
    correction.refresh_from_db()
    assert initiative.contact_phone == "05 00 00 00 01"
    assert correction.state == CorrectionState.APPLIED


def test_a_correction_that_changes_nothing_is_refused(client_for, resident, commune):
    initiative = InitiativeFactory(commune=commune)
    data = proposal(commune, name=initiative.name, kind="association", description=initiative.description)
    data.pop("opening_hours")
    response = client_for(resident).post(f"/initiatives/{initiative.slug}/modifier/", data)
    assert response.status_code == 400
    assert not Correction.objects.exists()


def test_a_holder_claims_the_entry_and_once_confirmed_edits_it(client_for, resident, referent, commune):
    initiative = InitiativeFactory(commune=commune)
    client_for(resident).post(f"/initiatives/{initiative.slug}/je-m-en-occupe/", {"role": "présidente"})
    holder = Holder.objects.get()
    assert not holder.confirmed
    data = proposal(commune, name="Nouveau nom fictif", kind="association")
    client_for(resident).post(f"/initiatives/{initiative.slug}/modifier/", data)
    initiative.refresh_from_db()
    assert initiative.name != "Nouveau nom fictif"  # only a correction so far
    client_for(referent).post(f"/initiatives/porteurs/{holder.public_id}/confirmer/")
    holder.refresh_from_db()
    assert holder.confirmed
    client_for(resident).post(f"/initiatives/{initiative.slug}/modifier/", data)
    initiative.refresh_from_db()
    assert initiative.name == "Nouveau nom fictif"


def test_a_holder_confirms_the_entry_is_up_to_date(client_for, resident, commune):
    import datetime

    initiative = InitiativeFactory(commune=commune, last_checked_on=datetime.date(2020, 1, 1))
    HolderFactory(initiative=initiative, user=resident)
    client_for(resident).post(f"/initiatives/{initiative.slug}/a-jour/")
    initiative.refresh_from_db()
    assert not initiative.is_stale


def test_a_holder_adds_a_service(client_for, resident, commune):
    initiative = InitiativeFactory(commune=commune)
    HolderFactory(initiative=initiative, user=resident)
    response = client_for(resident).post(
        f"/initiatives/{initiative.slug}/services/nouveau/",
        {"name": "Épicerie solidaire", "description": "Des produits à petit prix.", "fee": "payant"},
    )
    assert response.status_code == 302
    assert initiative.services.get().name == "Épicerie solidaire"
    assert "Épicerie solidaire" in client_for(None).get(f"/initiatives/{initiative.slug}/").text


def test_someone_who_does_not_hold_it_cannot_add_a_service(client_for, neighbour, commune):
    initiative = InitiativeFactory(commune=commune)
    response = client_for(neighbour).post(
        f"/initiatives/{initiative.slug}/services/nouveau/",
        {"name": "Épicerie solidaire", "description": "Des produits à petit prix."},
    )
    assert response.status_code == 403
    assert not initiative.services.exists()


def test_anonymous_visitors_are_sent_to_log_in_to_propose(anonymous):
    response = anonymous.get("/initiatives/proposer/")
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]


def test_entries_of_another_territory_are_404(client_for, referent, outsider):
    theirs = InitiativeFactory(commune=outsider.commune, slug="la-leur")
    client = client_for(referent)
    assert client.get("/initiatives/la-leur/").status_code == 404
    assert client.post("/initiatives/la-leur/a-jour/").status_code == 404
    assert theirs.name not in client.get("/initiatives/").text
    holder = HolderFactory(initiative=theirs, user=outsider, confirmed=False)
    assert client.post(f"/initiatives/porteurs/{holder.public_id}/confirmer/").status_code == 404


def test_the_author_who_runs_it_becomes_a_holder_once_confirmed(client_for, resident, referent, commune):
    client_for(resident).post("/initiatives/proposer/", proposal(commune, i_run_it="on"))
    initiative = Initiative.objects.get()
    holder = Holder.objects.get()
    assert (holder.user, holder.confirmed) == (resident, False)
    client_for(referent).post(f"/initiatives/{initiative.slug}/publier/")
    assert holder.user.display_name in client_for(referent).get("/initiatives/a-valider/").text
    client_for(referent).post(f"/initiatives/porteurs/{holder.public_id}/confirmer/")
    data = proposal(commune, name="Nom changé par sa porteuse")
    client_for(resident).post(f"/initiatives/{initiative.slug}/modifier/", data)
    initiative.refresh_from_db()
    assert initiative.name == "Nom changé par sa porteuse"


def test_a_correction_changes_only_what_it_corrects(client_for, resident, referent, commune):
    initiative = InitiativeFactory(commune=commune, name="Vestiaire fictif", slug="vestiaire-fictif")
    HolderFactory(initiative=initiative, user=referent)
    data = proposal(
        commune,
        name="Vestiaire fictif",
        kind="association",
        description=initiative.description,
        contact_phone="05 00 00 00 01",
    )
    client_for(resident).post("/initiatives/vestiaire-fictif/modifier/", data)
    correction = Correction.objects.get()
    assert "description" not in correction.changed_fields
    # Meanwhile, the entry's description changes.
    Initiative.objects.filter(pk=initiative.pk).update(description="Une description plus récente.")
    client_for(referent).post(f"/initiatives/corrections/{correction.public_id}/", {"decision": "apply"})
    initiative.refresh_from_db()
    assert initiative.contact_phone == "05 00 00 00 01"
    assert initiative.description == "Une description plus récente."
