"""Issue 9 item 8 in Chromium: a resident places an initiative's point with a click on the form's
map, never typing coordinates; without JavaScript the form works and the map stays hidden."""

from decimal import Decimal

import pytest

from entraide.directory.models import Initiative
from entraide.directory.views import leaflet_assets
from entraide.territories.models import Commune

RESIDENT = "habitant3@demo.entraide.invalid"
PASSWORD = "entraide-demo"


@pytest.fixture(autouse=True)
def local_tiles(settings):
    settings.DIRECTORY_MAP_TILES_URL = "/static/no-tiles/{z}/{x}/{y}.png"
    settings.GEOCODER_URL = ""  # no address service: the click is the only way to a point


def log_in(page, visit):
    visit("/compte/connexion/", on=page)
    page.locator("main input[name=login]").fill(RESIDENT)
    page.locator("main input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form:has(input[name=password]) button[type=submit]").first.click()


def fill(form, commune):
    form.locator("input[name=name]").fill("Atelier vélo fictif")
    form.locator("select[name=kind]").select_option("collective")
    form.locator("textarea[name=description]").fill("On répare les vélos ensemble.")
    form.locator("select[name=commune]").select_option(str(commune.pk))
    form.locator("input[name=has_public_place]").check()
    form.locator("input[name=address]").fill("3 rue du Pont")


@pytest.mark.skipif(not leaflet_assets(), reason="Leaflet (npm) is not installed: the form has no map")
def test_a_click_on_the_map_places_the_point(new_context, visit, assert_accessible, demo_territory):
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(page, visit)
    visit("/initiatives/proposer/", on=page)
    block = page.locator("#place-block")
    block.wait_for(state="visible")
    form = page.locator('main form[method="post"]')
    fill(form, Commune.objects.get(insee_code="81070"))
    page.locator("#place-map").click()  # the map's middle
    assert page.locator("#place-status").inner_text().startswith("Point placé")
    latitude = page.locator("input[name=latitude]").input_value()
    assert latitude and page.locator("input[name=longitude]").input_value()
    assert_accessible(page)
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    entry = Initiative.objects.get(name="Atelier vélo fictif")
    assert entry.latitude == Decimal(latitude)
    assert "pas pu être placée" not in page.locator("main").inner_text()


def test_without_javascript_the_form_saves_without_a_point_and_says_so(new_context, visit, demo_territory):
    page = new_context(javascript=False).new_page()
    log_in(page, visit)
    visit("/initiatives/proposer/", on=page)
    assert not page.locator("#place-block").is_visible()
    form = page.locator('main form[method="post"]')
    fill(form, Commune.objects.get(insee_code="81070"))
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    assert Initiative.objects.get(name="Atelier vélo fictif").latitude is None
    assert "pas pu être placée sur la carte" in page.locator("main").inner_text()
