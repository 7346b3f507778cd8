"""Territory isolation: logged into territory A, nothing of territory B can be read or changed."""

import uuid

import pytest
from django.apps import apps

from entraide.people.models import User
from entraide.territories.models import Commune, ScopedQuerySet, Territory

from ..factories import CommuneFactory, RoleFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_of_b(other_territory):
    commune = CommuneFactory(territory=other_territory, insee_code="81004", name="Albi")
    return UserFactory(commune=commune, assisted=True, display_name="Personne de B")


def test_it_answers_404_for_people_of_another_territory_even_to_a_referent(client_for, referent, person_of_b):
    client = client_for(referent)
    assert client.get(f"/accueil/personnes/{person_of_b.public_id}/").status_code == 404


def test_it_refuses_to_change_people_of_another_territory(client_for, referent, person_of_b):
    client = client_for(referent)
    response = client.post(
        f"/accueil/personnes/{person_of_b.public_id}/",
        {"profile-display_name": "Piraté", "profile-commune": person_of_b.commune_id},
    )
    assert response.status_code == 404
    response = client.post(
        f"/accueil/personnes/{person_of_b.public_id}/identifiant/", {"email": "pirate@example.org"}
    )
    assert response.status_code == 404
    person_of_b.refresh_from_db()
    assert person_of_b.display_name == "Personne de B"
    assert person_of_b.email is None


@pytest.mark.parametrize("key", ["1", "0", "not-a-uuid", str(uuid.uuid4())])
def test_it_answers_404_to_guessed_keys(client_for, referent, key):
    assert client_for(referent).get(f"/accueil/personnes/{key}/").status_code == 404


def test_it_does_not_list_people_of_another_territory(client_for, referent, person_of_b, resident):
    response = client_for(referent).get("/accueil/personnes/")
    assert resident.display_name in response.text
    assert person_of_b.display_name not in response.text


def test_it_refuses_a_commune_of_another_territory_in_a_profile(client_for, resident, person_of_b):
    response = client_for(resident).post(
        "/compte/profil/", {"display_name": "Sophie L.", "commune": person_of_b.commune_id}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    resident.refresh_from_db()
    assert resident.commune_id != person_of_b.commune_id


def test_it_does_not_carry_a_session_to_another_territory_host(client_for, resident, other_territory):
    client = client_for(resident, host="b.example.org")
    response = client.get("/compte/profil/")
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]


def test_it_refuses_a_login_on_another_territory_host(client_for, resident, other_territory):
    client = client_for(None, host="b.example.org")
    response = client.post(
        "/compte/connexion/", {"login": resident.email, "password": "un mot de passe solide 42"}
    )
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_it_serves_an_unknown_host_a_french_404_when_several_territories_exist(
    client, territory, other_territory
):
    response = client.get("/", HTTP_HOST="inconnu.example.org")
    assert response.status_code == 404
    assert "Territoire inconnu" in response.text


def test_it_serves_the_only_territory_on_any_host(client, db):
    TerritoryFactory(name="Seul territoire", hostnames="")
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "Seul territoire" in response.text


def test_the_admin_shows_a_territory_administrator_only_their_territory(
    client_for, administrator, person_of_b, resident
):
    client = client_for(administrator)
    response = client.get("/admin/people/user/")
    assert response.status_code == 200
    assert resident.display_name in response.text
    assert person_of_b.display_name not in response.text
    assert client.get(f"/admin/people/user/{person_of_b.pk}/change/").status_code in (302, 404)


def test_scoped_querysets_require_a_territory(territory):
    with pytest.raises(ValueError):
        Commune.objects.in_territory(None)


def test_every_model_holding_territory_data_is_scoped():
    """A model that points at a territory, a commune or a person must offer in_territory()."""
    scoped_targets = {Territory, Commune, User}
    unscoped = []
    for model in apps.get_models():
        if not model.__module__.startswith("entraide.") or model is Territory:
            continue
        points_at_scope = any(
            f.is_relation and f.many_to_one and f.related_model in scoped_targets
            for f in model._meta.get_fields()
        )
        if points_at_scope and not isinstance(model._default_manager.all(), ScopedQuerySet):
            unscoped.append(model.__name__)
    assert unscoped == []


def test_roles_of_another_territory_give_no_power(client_for, territory, other_territory, person_of_b):
    # A referent role recorded in territory B does not make anyone a referent in A.
    RoleFactory(user=person_of_b, commune=person_of_b.commune)
    assert client_for(None).get("/accueil/personnes/").status_code == 302
