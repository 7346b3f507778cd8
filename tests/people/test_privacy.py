"""RGPD: people download and delete their data; what others' records need stays, anonymised."""

import json

import pytest
from allauth.account.models import EmailAddress

from entraide.people.models import ProxyAction, User

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_resident_downloads_their_data(client_for, resident):
    resident.phone = "06 12 34 56 78"
    resident.save()
    response = client_for(resident).get("/compte/mes-donnees/export.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["people"]["profile"]["display_name"] == "Sophie L."
    assert data["people"]["profile"]["email"] == resident.email
    assert data["people"]["profile"]["phone"] == "06 12 34 56 78"


def test_deleting_needs_an_explicit_confirmation(client_for, resident):
    response = client_for(resident).post("/compte/mes-donnees/", {})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    resident.refresh_from_db()
    assert resident.is_active and resident.display_name == "Sophie L."


def test_a_resident_deletes_their_account_and_it_no_longer_identifies_them(client_for, resident):
    client = client_for(resident)
    email = resident.email
    response = client.post("/compte/mes-donnees/", {"confirm": "on"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert not resident.is_active
    assert resident.email is None and resident.phone == "" and resident.can_help_with == ""
    assert resident.display_name != "Sophie L."
    assert not resident.has_usable_password()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert "_auth_user_id" not in client.session
    # The row stays for the records of others (exchanges, ledger), anonymised.
    assert User.objects.filter(pk=resident.pk).exists()


def test_a_referent_exports_and_erases_the_data_of_an_assisted_person(client_for, referent, commune):
    person = UserFactory(commune=commune, assisted=True, display_name="Germaine V.", phone="05 00 00 00 01")
    client = client_for(referent)
    data = json.loads(client.get(f"/accueil/personnes/{person.public_id}/donnees.json").content)
    assert data["people"]["profile"]["display_name"] == "Germaine V."
    response = client.post(f"/accueil/personnes/{person.public_id}/supprimer/", {"confirm": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.display_name != "Germaine V." and person.phone == "" and not person.is_active
    assert ProxyAction.objects.filter(person=person, referent=referent).count() == 2


def test_a_referent_cannot_export_or_erase_someone_with_their_own_login(client_for, referent, resident):
    client = client_for(referent)
    assert client.get(f"/accueil/personnes/{resident.public_id}/donnees.json").status_code == 404
    assert (
        client.post(f"/accueil/personnes/{resident.public_id}/supprimer/", {"confirm": "on"}).status_code
        == 404
    )
    resident.refresh_from_db()
    assert resident.is_active


def test_an_outsider_cannot_export_data_of_this_territory(client_for, outsider, commune):
    person = UserFactory(commune=commune, assisted=True)
    response = client_for(outsider).get(f"/accueil/personnes/{person.public_id}/donnees.json")
    assert response.status_code in (403, 404)
