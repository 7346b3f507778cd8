import pytest

from ..factories import NeighbourhoodFactory

pytestmark = pytest.mark.django_db


def test_it_saves_the_profile(client_for, resident, commune, neighbourhood):
    response = client_for(resident).post(
        "/compte/profil/",
        {
            "display_name": "Sophie L.",
            "commune": commune.pk,
            "neighbourhood": neighbourhood.pk,
            "phone": "06 12 34 56 78",
            "age_bracket": "30-44",
            "presentation": "Arrivée en 2025.",
            "can_help_with": "Courses le samedi",
        },
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.can_help_with == "Courses le samedi"
    assert resident.phone == "06 12 34 56 78"


def test_it_needs_only_a_display_name(client_for, resident):
    response = client_for(resident).post("/compte/profil/", {"display_name": "S."})
    assert response.status_code == 302


def test_it_refuses_a_neighbourhood_of_another_commune(client_for, resident, commune, territory):
    elsewhere = NeighbourhoodFactory(commune__territory=territory, name="Ailleurs")
    response = client_for(resident).post(
        "/compte/profil/",
        {"display_name": "S.", "commune": commune.pk, "neighbourhood": elsewhere.pk},
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    resident.refresh_from_db()
    assert resident.neighbourhood != elsewhere


def test_it_needs_a_login(anonymous):
    response = anonymous.get("/compte/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_public_pages_never_show_phone_or_email(anonymous, resident):
    resident.phone = "06 12 34 56 78"
    resident.save()
    for path in ["/", "/mentions-legales/", "/confidentialite/"]:
        page = anonymous.get(path).text
        assert resident.phone not in page
        assert resident.email not in page


def test_neighbourhoods_are_grouped_by_commune_and_required_fields_say_so(client_for, resident, territory):
    from ..factories import CommuneFactory

    NeighbourhoodFactory(commune=CommuneFactory(territory=territory, name="Loupiac"), name="Les Hauts")
    page = client_for(resident).get("/compte/profil/").text
    assert '<optgroup label="Coufouleux">' in page and '<optgroup label="Loupiac">' in page
    assert page.count("(obligatoire)") == 1  # only the display name is required
