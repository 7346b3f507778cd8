"""Placing an initiative's point without typing coordinates (issue 9 item 8): a click on the map of
the form (directory/place.js, loaded on that page only), else the address (Base Adresse Nationale,
tests/directory/test_placing_and_hours.py), else no point, and the person is told so: the
communes of the reference list carry no centre to fall back on (docs/directory.md)."""

import pytest

from entraide.directory import views
from entraide.directory.models import Initiative

from .factories import InitiativeFactory
from .test_placing_and_hours import proposal

pytestmark = pytest.mark.django_db

LEAFLET = {"js": "/static/vendor/leaflet/leaflet.js", "css": "/static/vendor/leaflet/leaflet.css"}


@pytest.fixture
def with_leaflet(monkeypatch):
    monkeypatch.setattr(views, "leaflet_assets", lambda: LEAFLET)


def test_the_form_offers_the_map_only_to_javascript_and_only_on_that_page(client_for, resident, with_leaflet):
    page = client_for(resident).get("/initiatives/proposer/").text
    assert 'src="/static/directory/place.js"' in page and LEAFLET["js"] in page
    # Hidden until place.js shows it: without JavaScript, nothing to click and nothing broken.
    assert '<fieldset id="place-block" class="map-block" hidden>' in page
    assert 'data-source="/initiatives/export.geojson"' in page
    assert 'type="hidden" name="latitude"' in page
    assert "place.js" not in client_for(resident).get("/initiatives/").text


def test_without_leaflet_the_form_has_no_map(client_for, resident, monkeypatch):
    monkeypatch.setattr(views, "leaflet_assets", lambda: None)
    page = client_for(resident).get("/initiatives/proposer/").text
    assert "place.js" not in page and "place-block" not in page


def test_the_edit_form_starts_from_the_entry_point(client_for, referent, commune, with_leaflet):
    entry = InitiativeFactory(
        commune=commune, has_public_place=True, address="1 place", latitude="43.8", longitude="1.7"
    )
    page = client_for(referent).get(f"/initiatives/{entry.slug}/modifier/").text
    assert 'name="latitude" value="43.8000000"' in page and "place.js" in page


def test_a_point_clicked_on_the_map_is_saved_with_7_decimals(client_for, resident, commune):
    response = client_for(resident).post(
        "/initiatives/proposer/", proposal(commune, latitude="43.8123456789", longitude="1.7023456789")
    )
    assert response.status_code == 302
    entry = Initiative.objects.get()
    assert (str(entry.latitude), str(entry.longitude)) == ("43.8123457", "1.7023457")


def test_without_a_point_the_person_is_told_the_entry_has_none(client_for, resident, commune):
    client = client_for(resident)
    response = client.post("/initiatives/proposer/", proposal(commune), follow=True)
    entry = Initiative.objects.get()
    assert entry.latitude is None and entry.address == "3 rue du Pont"
    assert "n’a pas pu être placée sur la carte" in response.text


def test_a_placed_entry_gets_no_such_message(client_for, resident, commune):
    response = client_for(resident).post(
        "/initiatives/proposer/", proposal(commune, latitude="43.81", longitude="1.70"), follow=True
    )
    assert "n’a pas pu être placée" not in response.text


def test_a_point_outside_france_is_refused_with_a_clear_message(client_for, resident, commune):
    response = client_for(resident).post(
        "/initiatives/proposer/", proposal(commune, latitude="51.5", longitude="-0.12")
    )
    assert response.status_code == 400 and not Initiative.objects.exists()
    assert "Ce point n’est pas en France" in response.text
