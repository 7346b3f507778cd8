"""The directory and the diagnosis in Chromium: a proposal validated, listed, mapped and exported;
a need recorded, uncovered until an initiative answers it; a snapshot and its PDF.

Fields and buttons are found by their `name` or their form's address, never by their wording.
"""

import io
from pathlib import Path

import pytest

from entraide.categories.defaults import ensure_default_categories
from entraide.categories.models import Category
from entraide.diagnosis.models import Need, Snapshot
from entraide.directory import geocoding
from entraide.directory.models import Initiative
from entraide.directory.views import leaflet_assets
from entraide.territories.models import Commune
from tests.browser.journey import log_in, submit
from tests.pdfs import assert_tagged

DEMO_PASSWORD = "entraide-demo"
RESIDENT = "habitant3@demo.entraide.invalid"  # Sophie L., Coufouleux
REFERENT = "referent.81070@demo.entraide.invalid"
COORDINATOR = "coordination@demo.entraide.invalid"
NAME = "Les Paniers du Moulin (fictifs)"


@pytest.fixture(autouse=True)
def local_tiles(settings):
    """The map must never fetch tiles from the internet in tests."""
    settings.DIRECTORY_MAP_TILES_URL = "/static/no-tiles/{z}/{x}/{y}.png"


@pytest.fixture(autouse=True)
def recorded_geocoder(settings, monkeypatch):
    """The Base Adresse Nationale answers with a recorded reply (tests/directory/data)."""
    settings.GEOCODER_URL = "https://ban.example.org/search/"
    reply = Path(__file__).parent.parent / "directory" / "data" / "ban-search-rue-du-pont.json"
    monkeypatch.setattr(
        geocoding.urllib.request, "urlopen", lambda request, timeout: io.BytesIO(reply.read_bytes())
    )


@pytest.fixture
def courses(demo_territory):
    ensure_default_categories(demo_territory)
    return Category.objects.in_territory(demo_territory).get(slug="courses")


def test_a_proposal_is_validated_listed_mapped_exported_and_answers_a_need(
    new_context, visit, assert_accessible, courses, demo_territory
):
    coufouleux = Commune.objects.get(insee_code="81070")

    # A resident proposes an initiative with a public place.
    resident = new_context().new_page()
    log_in(resident, visit, RESIDENT)
    visit("/initiatives/proposer/", on=resident)
    form = resident.locator('main form[method="post"]')
    form.locator("input[name=name]").fill(NAME)
    form.locator("select[name=kind]").select_option("collective")
    form.locator("textarea[name=description]").fill("Des paniers de légumes livrés aux voisins âgés.")
    form.locator(f"input[name=categories][value='{courses.pk}']").check()
    form.locator("select[name=commune]").select_option(str(coufouleux.pk))
    form.locator("input[name=has_public_place]").check()
    # No coordinates to type: the point comes from the address (a recorded BAN answer), and
    # the hours are entered day by day (Saturday, morning: the grid's 21st and 22nd boxes).
    form.locator("input[name=address]").fill("3 rue du Pont")
    form.locator("input[name=opening_hours_20]").fill("09:00")
    form.locator("input[name=opening_hours_21]").fill("12:00")
    submit(resident, 'form[method="post"]')
    assert_accessible(resident)
    initiative = Initiative.objects.get(name=NAME)
    assert not initiative.is_published

    # The referent validates it.
    referent = new_context().new_page()
    log_in(referent, visit, REFERENT)
    visit("/initiatives/a-valider/", on=referent)
    submit(referent, f'form[action="/initiatives/{initiative.slug}/publier/"]')
    initiative.refresh_from_db()
    assert initiative.is_published

    # It appears on the list, on the map and in the data·inclusion export, for anyone.
    anonymous = new_context().new_page()
    visit("/initiatives/?q=paniers", on=anonymous)
    assert anonymous.locator("main .initiatives a", has_text=NAME).count() == 1
    visit("/initiatives/carte/?q=paniers", on=anonymous)
    geojson = anonymous.request.get(anonymous.locator("#initiatives-map").get_attribute("data-source")).json()
    assert [f["properties"]["name"] for f in geojson["features"]] == [NAME]
    if leaflet_assets():  # with the pinned npm package installed, the point is on the map
        anonymous.locator("#initiatives-map .leaflet-marker-icon").first.wait_for()
        assert anonymous.locator("#initiatives-map .leaflet-marker-icon").count() == 1
    structures = anonymous.request.get("/initiatives/export/structures.json").json()
    assert NAME in [s["nom"] for s in structures]
    visit(f"/initiatives/{initiative.slug}/", on=anonymous)

    # A coordinator records a need; the diagnosis lists it as uncovered, and its cell is partly covered
    # since the initiative works on the same theme in the same place (docs/directory.md).
    coordinator = new_context().new_page()
    log_in(coordinator, visit, COORDINATOR)
    visit("/besoins/nouveau/", on=coordinator)
    form = coordinator.locator('main form[method="post"]')
    form.locator("textarea[name=description]").fill("Des voisins âgés sans personne pour leurs courses.")
    form.locator("select[name=category]").select_option(str(courses.pk))
    form.locator("select[name=commune]").select_option(str(coufouleux.pk))
    form.locator("input[name=people_count]").fill("12")
    form.locator("select[name=source]").select_option("survey")
    submit(coordinator, 'form[method="post"]')
    need = Need.objects.get()
    visit("/diagnostic/?par=commune", on=anonymous)
    row = anonymous.locator("main table.diagnosis tr", has=anonymous.locator("th", has_text="Courses"))
    assert row.locator("td.cov-partial").count() == 1
    assert anonymous.locator("main ol.uncovered", has_text="sans personne pour leurs courses").count() == 1

    # Once the initiative answers it, it is no longer uncovered.
    visit(f"/besoins/{need.public_id}/", on=coordinator)
    coordinator.locator(f"main input[name=answered_by][value='{initiative.pk}']").check()
    submit(coordinator, 'form[method="post"]:has(textarea)')
    visit("/diagnostic/?par=commune", on=anonymous)
    row = anonymous.locator("main table.diagnosis tr", has=anonymous.locator("th", has_text="Courses"))
    assert row.locator("td.cov-uncovered").count() == 0
    assert row.locator("td.cov-partial").count() == 1
    assert anonymous.locator("main ol.uncovered", has_text="sans personne pour leurs courses").count() == 0

    # A snapshot is taken and its PDF downloaded.
    visit("/diagnostic/instantanes/", on=coordinator)
    coordinator.locator("main input[name=title]").fill("Diagnostic de novembre 2026")
    submit(coordinator, 'form[method="post"]')
    assert_accessible(coordinator)
    snapshot = Snapshot.objects.get()
    with coordinator.expect_download() as download:
        coordinator.locator(
            f'main a[href="/diagnostic/diagnostic.pdf?instantane={snapshot.public_id}"]'
        ).click()
    with open(download.value.path(), "rb") as pdf:
        assert_tagged(pdf.read(), title="Diagnostic de novembre 2026")


def test_without_javascript_the_map_page_still_lists_everything(new_context, visit, courses, demo_territory):
    from entraide.directory import demo as directory_demo

    directory_demo.load(demo_territory)
    page = new_context(javascript=False).new_page()
    visit("/initiatives/carte/", on=page)
    assert page.locator("#initiatives-map").is_hidden()
    listed = page.locator("main .initiatives li").count()
    assert listed == min(Initiative.objects.published().count(), 20)
    visit("/initiatives/integrer/?vue=carte", on=page)


def test_the_referent_and_coordinator_pages_have_no_serious_accessibility_problem(
    new_context, visit, courses, demo_territory
):
    from entraide.diagnosis import demo as diagnosis_demo
    from entraide.directory import demo as directory_demo

    directory_demo.load(demo_territory)
    diagnosis_demo.load(demo_territory)
    snapshot = Snapshot.objects.get()
    initiative = Initiative.objects.published().first()
    referent = new_context().new_page()
    log_in(referent, visit, REFERENT)
    for path in ["/initiatives/a-valider/", "/initiatives/a-verifier/", "/initiatives/import/"]:
        visit(path, on=referent)
    visit(f"/initiatives/{initiative.slug}/modifier/", on=referent)
    coordinator = new_context().new_page()
    log_in(coordinator, visit, COORDINATOR)
    for path in [
        "/besoins/",
        "/diagnostic/",
        f"/diagnostic/instantanes/{snapshot.public_id}/?comparer=maintenant",
    ]:
        visit(path, on=coordinator)
    resident = new_context().new_page()
    log_in(resident, visit, RESIDENT)
    visit(f"/initiatives/{initiative.slug}/modifier/", on=resident)
    visit("/besoins/proposer/", on=resident)
