import datetime

import pytest
from django.core import mail

from entraide.people.models import Consent, ProxyAction, User

from ..factories import CommuneFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def create(client, commune, **changes):
    data = {
        "display_name": "Germaine V.",
        "commune": commune.pk,
        "phone": "05 63 00 00 00",
        "consent_given_on": "2026-09-15",
        "consent_method": "desk",
        **changes,
    }
    return client.post("/accueil/personnes/nouvelle/", data)


def test_a_referent_registers_a_person_with_their_consent(client_for, referent, commune):
    response = create(client_for(referent), commune)
    assert response.status_code == 302
    person = User.objects.get(display_name="Germaine V.")
    assert person.is_assisted and person.email is None and not person.has_usable_password()
    assert person.territory == referent.territory
    consent = Consent.objects.get(person=person)
    assert (consent.given_on, consent.method, consent.recorded_by) == (
        datetime.date(2026, 9, 15),
        "desk",
        referent,
    )
    action = ProxyAction.objects.get(person=person)
    assert action.referent == referent
    page = client_for(referent).get(response["Location"]).text
    assert "Anne Référente" in page and "Germaine V." in page


def test_it_refuses_a_consent_dated_in_the_future(client_for, referent, commune):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = create(client_for(referent), commune, consent_given_on=tomorrow)
    assert response.status_code == 400
    assert not User.objects.filter(display_name="Germaine V.").exists()


def test_a_referent_cannot_register_someone_in_a_commune_they_do_not_look_after(
    client_for, referent, territory
):
    other = CommuneFactory(territory=territory, name="Rabastens", insee_code="81220")
    response = create(client_for(referent), other)
    assert response.status_code == 400
    assert not User.objects.filter(display_name="Germaine V.").exists()


@pytest.mark.parametrize("persona", ["resident", "coordinator", "outsider"])
def test_non_referents_do_not_reach_the_desk(client_for, persona, request, commune):
    user = request.getfixturevalue(persona)
    assert client_for(user).get("/accueil/personnes/").status_code in (403, 302)
    assert create(client_for(user), commune).status_code in (403, 302)


def test_a_referent_of_another_commune_cannot_see_the_person(client_for, referent, territory):
    other = CommuneFactory(territory=territory, name="Loupiac", insee_code="81149")
    person = UserFactory(commune=other, assisted=True)
    assert client_for(referent).get(f"/accueil/personnes/{person.public_id}/").status_code == 404


def test_a_referent_edits_the_profile_on_their_behalf_and_it_is_marked(client_for, referent, commune):
    person = UserFactory(commune=commune, assisted=True, display_name="Germaine V.")
    response = client_for(referent).post(
        f"/accueil/personnes/{person.public_id}/",
        {
            "profile-display_name": "Germaine V.",
            "profile-commune": commune.pk,
            "profile-can_help_with": "Tricot",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.can_help_with == "Tricot"
    assert ProxyAction.objects.filter(person=person, referent=referent).count() == 1


def test_a_referent_cannot_edit_a_person_who_has_their_own_login(client_for, referent, resident):
    response = client_for(referent).post(
        f"/accueil/personnes/{resident.public_id}/",
        {"profile-display_name": "Changé", "profile-commune": resident.commune_id},
    )
    assert response.status_code == 403
    resident.refresh_from_db()
    assert resident.display_name == "Sophie L."


def test_the_person_can_later_be_given_a_real_login(
    client_for, referent, commune, django_capture_on_commit_callbacks
):
    person = UserFactory(commune=commune, assisted=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(referent).post(
            f"/accueil/personnes/{person.public_id}/identifiant/", {"email": "germaine@example.org"}
        )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "germaine@example.org" and not person.is_assisted
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["germaine@example.org"]


def test_giving_a_login_refuses_an_email_already_used(client_for, referent, commune, resident):
    person = UserFactory(commune=commune, assisted=True)
    response = client_for(referent).post(
        f"/accueil/personnes/{person.public_id}/identifiant/", {"email": resident.email}
    )
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.email is None and person.is_assisted


def test_an_administrator_looks_after_every_commune(client_for, administrator, territory):
    other = CommuneFactory(territory=territory, name="Loupiac", insee_code="81149")
    person = UserFactory(commune=other, assisted=True)
    assert client_for(administrator).get(f"/accueil/personnes/{person.public_id}/").status_code == 200


def test_the_people_list_runs_a_constant_number_of_queries(client_for, referent, commune):
    from ..helpers import assert_constant_queries

    client = client_for(referent)
    assert_constant_queries(
        lambda: client.get("/accueil/personnes/"),
        lambda n: UserFactory.create_batch(n, commune=commune),
        small=5,
        large=60,
    )


def test_a_referent_role_needs_a_commune(referent):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleFactory(user=referent, kind="referent", commune=None)


def test_the_form_offers_only_the_neighbourhoods_of_communes_looked_after(client_for, referent, territory):
    from ..factories import NeighbourhoodFactory

    NeighbourhoodFactory(commune=CommuneFactory(territory=territory, name="Loupiac"), name="Les Hauts")
    page = client_for(referent).get("/accueil/personnes/nouvelle/").text
    assert "Les Hauts" not in page and "Loupiac" not in page
