import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_communes_of_the_territory(anonymous, commune):
    response = anonymous.get("/")
    assert response.status_code == 200
    assert "Coufouleux" in response.text


def test_the_home_page_shows_the_demo_banner_only_for_a_demo_territory(anonymous, territory):
    assert "demo-banner" not in anonymous.get("/").text
    territory.is_demo = True
    territory.save()
    assert "demo-banner" in anonymous.get("/").text


def test_legal_texts_come_from_the_territory_and_are_escaped(anonymous, territory):
    territory.legal_notice = "Mairie de Coufouleux\n<b>directeur</b> de publication"
    territory.save()
    page = anonymous.get("/mentions-legales/").text
    assert "Mairie de Coufouleux" in page
    assert "&lt;b&gt;directeur" in page


def test_a_missing_page_is_a_404_with_a_link_home(anonymous, territory):
    response = anonymous.get("/nulle-part/")
    assert response.status_code == 404
    assert 'href="/"' in response.text


def test_the_500_page_needs_no_database(rf):
    from entraide.pages.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Une erreur s’est produite" in response.content.decode()


def test_residents_do_not_reach_the_admin(client_for, resident):
    response = client_for(resident).get("/admin/")
    assert response.status_code == 302


def test_a_territory_administrator_reaches_the_admin(client_for, administrator):
    assert client_for(administrator).get("/admin/").status_code == 200


def test_the_home_page_query_count_does_not_grow_with_communes(anonymous, territory):
    from ..factories import CommuneFactory
    from ..helpers import assert_constant_queries

    assert_constant_queries(
        lambda: anonymous.get("/"),
        lambda n: CommuneFactory.create_batch(n, territory=territory),
        small=5,
        large=100,
    )


def test_the_stylesheets_are_found_by_the_static_files_finders():
    from django.contrib.staticfiles import finders

    assert finders.find("entraide/css/site.css")
    assert finders.find("entraide/css/print.css")


def test_a_territory_administrator_edits_their_territory_in_the_admin(client_for, administrator, territory):
    client = client_for(administrator)
    assert client.get("/admin/territories/territory/").status_code == 200
    assert client.get(f"/admin/territories/territory/{territory.pk}/change/").status_code == 200


def test_the_admin_login_is_the_common_login_page(anonymous):
    response = anonymous.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=/admin/")


def test_htmx_is_loaded_only_by_the_pages_it_enhances(anonymous, territory):
    from django.contrib.staticfiles import finders

    if not finders.find("vendor/htmx/htmx.min.js"):
        pytest.skip("the npm packages are not installed (no npm on this machine)")
    script = "/static/vendor/htmx/htmx.min.js"
    assert script in anonymous.get("/tableau/").text
    assert script in anonymous.get("/initiatives/").text
    assert script not in anonymous.get("/").text
