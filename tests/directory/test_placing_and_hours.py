"""Issue 9 item 8: a new initiative gets its map point from its address (Base Adresse Nationale,
answers recorded in `data/`, written from the API's documented format) and its opening hours day
by day, stored in the standard syntax; nobody types coordinates or `Mo-Fr 09:00-12:00`."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from entraide.directory import geocoding
from entraide.directory.forms import InitiativeForm
from entraide.directory.models import Initiative

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


class Answer(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False


@pytest.fixture
def ban(settings, monkeypatch):
    """The geocoder answers with a recorded reply; the questions it got are kept."""
    settings.GEOCODER_URL = "https://ban.example.org/search/"
    asked, answers = [], {"reply": "ban-search-rue-du-pont.json"}

    def urlopen(request, timeout):
        asked.append((request.full_url, timeout))
        if answers["reply"] is None:
            raise TimeoutError("timed out")
        return Answer((DATA / answers["reply"]).read_bytes())

    monkeypatch.setattr(geocoding.urllib.request, "urlopen", urlopen)
    return asked, answers


def proposal(commune, **changes):
    data = {
        "name": "Épicerie fictive du Pont",
        "kind": "association",
        "description": "Une épicerie solidaire fictive.",
        "audience": "tous-publics",
        "commune": commune.pk,
        "has_public_place": "on",
        "address": "3 rue du Pont",
        "postal_code": "81800",
        "status": "active",
    }
    for index in range(7 * 4 + 1):
        data[f"opening_hours_{index}"] = ""
    data.update(changes)
    return data


def test_the_form_asks_for_no_coordinates_and_offers_the_week(client_for, resident):
    page = client_for(resident).get("/initiatives/proposer/").text
    assert 'type="hidden" name="latitude"' in page and 'type="hidden" name="longitude"' in page
    assert "Lundi" in page and 'type="time"' in page and "Mo-Fr" not in page


def test_the_point_comes_from_the_address(client_for, resident, commune, ban):
    asked, _answers = ban
    response = client_for(resident).post("/initiatives/proposer/", proposal(commune))
    assert response.status_code == 302
    entry = Initiative.objects.get()
    assert (entry.latitude, entry.longitude) == (Decimal("43.8173120"), Decimal("1.7329580"))
    [(url, timeout)] = asked
    assert "citycode=81070" in url and "rue+du+Pont" in url and timeout <= 5


@pytest.mark.parametrize("reply", [None, "ban-search-weak.json"])
def test_without_the_service_or_a_good_match_the_entry_has_no_point(
    client_for, resident, commune, ban, reply
):
    _asked, answers = ban
    answers["reply"] = reply
    assert client_for(resident).post("/initiatives/proposer/", proposal(commune)).status_code == 302
    entry = Initiative.objects.get()
    assert entry.latitude is None and entry.address == "3 rue du Pont"


def test_a_point_placed_on_the_map_is_kept(client_for, resident, commune, ban):
    asked, _answers = ban
    client_for(resident).post(
        "/initiatives/proposer/", proposal(commune, latitude="43.80412345678", longitude="1.63251234567")
    )
    entry = Initiative.objects.get()
    assert (entry.latitude, entry.longitude) == (Decimal("43.8041235"), Decimal("1.6325123"))
    assert asked == []


def test_the_geocoder_is_not_asked_in_tests_by_default(commune):
    assert geocoding.locate("3 rue du Pont", "81800", commune) is None


def test_hours_typed_day_by_day_are_stored_in_the_standard_syntax(client_for, resident, commune):
    week = {}
    for day in range(5):  # Monday to Friday, 9-12 and 14-17
        week.update(
            {f"opening_hours_{day * 4 + k}": t for k, t in enumerate(["09:00", "12:00", "14:00", "17:00"])}
        )
    week.update({"opening_hours_20": "10:00", "opening_hours_21": "12:00"})  # Saturday morning
    client_for(resident).post("/initiatives/proposer/", proposal(commune, **week))
    entry = Initiative.objects.get()
    assert entry.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:00"
    assert entry.opening_hours_ok


def test_hours_in_plain_words_are_kept_as_written(client_for, resident, commune):
    client_for(resident).post(
        "/initiatives/proposer/", proposal(commune, opening_hours_28="le premier samedi du mois")
    )
    assert Initiative.objects.get().opening_hours == "le premier samedi du mois"


def test_a_closing_time_before_the_opening_time_gets_a_french_message(client_for, resident, commune):
    response = client_for(resident).post(
        "/initiatives/proposer/", proposal(commune, opening_hours_0="12:00", opening_hours_1="09:00")
    )
    assert response.status_code == 400
    assert "Lundi\u00a0: l’heure de fermeture est avant l’heure d’ouverture." in response.text
    assert not Initiative.objects.exists()


def test_stored_hours_show_in_the_grid_when_editing(territory, commune):
    entry = Initiative(territory=territory, commune=commune, opening_hours="Tu,Th 14:00-18:00")
    html = str(InitiativeForm(instance=entry, territory=territory)["opening_hours"])
    assert html.count('value="14:00"') == 2 and html.count('value="18:00"') == 2


def test_a_bad_coordinate_is_named_alone(territory, commune):
    form = InitiativeForm(
        {**proposal(commune), "latitude": "quarante-trois", "longitude": "1.6"}, territory=territory
    )
    assert not form.is_valid()
    assert "latitude" in form.errors and "longitude" not in form.errors


def test_a_recorded_answer_from_another_commune_is_refused(commune):
    answer = json.loads((DATA / "ban-search-rue-du-pont.json").read_text())
    answer["features"][0]["properties"]["citycode"] = "81004"
    assert geocoding.best_point(answer, commune) is None


def test_a_correction_of_the_hours_typed_day_by_day_reaches_the_entry(
    client_for, resident, referent, commune
):
    from entraide.directory.models import Correction

    from .factories import InitiativeFactory

    entry = InitiativeFactory(
        commune=commune, name="Vestiaire fictif", slug="vestiaire-fictif", opening_hours="Sa 10:00-12:00"
    )
    data = proposal(
        commune, name=entry.name, kind=entry.kind, description=entry.description, audience=entry.audience
    )
    data.update({"has_public_place": "", "address": "", "postal_code": ""})
    data.update({"opening_hours_8": "14:00", "opening_hours_9": "18:00"})  # Wednesday afternoon instead
    assert client_for(resident).post("/initiatives/vestiaire-fictif/modifier/", data).status_code == 302
    correction = Correction.objects.get()
    assert correction.changed_fields == ["opening_hours"]
    client_for(referent).post(f"/initiatives/corrections/{correction.public_id}/", {"decision": "apply"})
    entry.refresh_from_db()
    assert entry.opening_hours == "We 14:00-18:00"
