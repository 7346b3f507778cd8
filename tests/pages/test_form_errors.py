"""A failed submission stays on its form (RGAA 11.10, 11.11): the title says "Erreur :", the
error summary takes the focus (autofocus: with or without JavaScript) and links to each field,
which is marked invalid and described by its error."""

import datetime
import uuid

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from entraide.board.enums import Visibility
from entraide.board.models import ExchangeNote, ModerationAction, Report
from entraide.timebank import services as timebank

from ..board.factories import PostFactory
from ..factories import UserFactory
from ..helpers import assert_errors_focused
from ..timebank.factories import AccountFactory, ExchangeFactory

pytestmark = pytest.mark.django_db


def test_an_empty_reply_stays_on_the_post_with_the_error_tied_to_the_message(client_for, resident, neighbour):
    post = PostFactory(author=resident)
    response = client_for(neighbour).post(f"/tableau/{post.reference}/repondre/", {"body": "  "})
    assert response.status_code == 400
    page = response.text
    assert_errors_focused(page)
    assert '<a href="#id_body">' in page and 'aria-invalid="true"' in page
    assert 'id="id_body_error"' in page and "message-error" not in page


def test_a_bad_duration_stays_on_the_exchange_form(client_for, resident, neighbour):
    AccountFactory(owner=resident)
    AccountFactory(owner=neighbour)
    exchange = ExchangeFactory(helper=resident, receiver=neighbour, duration_minutes=None)
    url = f"/banque-du-temps/echanges/{exchange.public_id}/declarer/"
    response = client_for(resident).post(url, {"idempotency_key": str(uuid.uuid4()), "minutes": "trois"})
    assert response.status_code == 400
    page = response.text
    field_id = f"minutes-{exchange.public_id}"
    assert_errors_focused(page)
    assert f'<a href="#{field_id}">' in page
    assert f'aria-describedby="{field_id}_helptext {field_id}_error"' in page
    assert 'value="trois"' in page


def test_only_the_first_summary_of_a_page_takes_the_focus(rf):
    class NameForm(forms.Form):
        name = forms.CharField()

    include = '{%% include "includes/form.html" with form=%s %%}'
    template = Template(include % "first" + include % "second")
    first, second = NameForm({}, prefix="a"), NameForm({}, prefix="b")
    html = template.render(Context({"request": rf.get("/"), "first": first, "second": second}))
    assert html.count("autofocus") == 1
    assert 'id="a-errors"' in html and 'id="b-errors"' in html


def test_the_title_is_plain_without_errors_or_before_submission(anonymous, territory):
    page = anonymous.get("/compte/connexion/").text
    assert "<title>Erreur" not in page and "autofocus" not in page.split("<main")[1].split('class="error')[0]


def test_a_failed_login_says_so_in_the_title(anonymous, resident):
    response = anonymous.post("/compte/connexion/", {"login": resident.email, "password": "faux"})
    assert_errors_focused(response.text)


def test_an_error_on_a_group_of_radios_links_to_the_first_radio():
    class KindForm(forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    html = Template('{% include "includes/form.html" %}').render(
        Context({"form": KindForm({}), "request": RequestFactory().get("/")})
    )
    assert '<a href="#id_kind_0">' in html and 'id="id_kind_0"' in html


def test_an_empty_choice_is_labelled_in_french(client_for, resident):
    page = client_for(resident).get("/tableau/nouvelle/").text
    assert "---------" not in page
    assert "Choisir…</option>" in page


def test_the_post_form_names_its_first_radio_group(client_for, resident):
    page = client_for(resident).get("/tableau/nouvelle/").text
    assert "<legend>Demande ou offre" in page and "Je…" not in page


def test_ones_own_name_is_autocompleted_but_not_an_assisted_persons(client_for, resident, referent):
    assert 'autocomplete="name"' in client_for(resident).get("/compte/profil/").text
    assert 'autocomplete="name"' in client_for().get("/compte/inscription/").text
    page = client_for(referent).get("/accueil/personnes/nouvelle/").text
    assert 'name="display_name"' in page and 'autocomplete="name"' not in page


# Every form of a page with one per row (a note per exchange, a moderation per item, an answer per
# claim) comes back on the page it was sent from, bound, its error tied to its field.


def assert_on_its_form(response, field_id: str, value: str | None = None) -> str:
    assert response.status_code == 400, response.status_code
    page = response.text
    assert_errors_focused(page)
    assert f'<a href="#{field_id}">' in page
    assert f'id="{field_id}_error"' in page and 'aria-invalid="true"' in page
    assert f'aria-describedby="{field_id}_error"' in page or f'{field_id}_helptext {field_id}_error"' in page
    assert "message-error" not in page  # no page-top message instead
    if value is not None:
        assert f'value="{value}"' in page
    assert page.count(f'id="{field_id}"') == 1
    return page


@pytest.fixture
def exchange(resident, neighbour):
    return ExchangeFactory(helper=resident, receiver=neighbour)


def test_an_empty_note_stays_on_the_residents_page(client_for, resident, exchange):
    response = client_for(resident).post(f"/tableau/echanges/{exchange.public_id}/note/", {"body": " "})
    page = assert_on_its_form(response, f"body-{exchange.public_id}")
    assert "<h1>Mes annonces et conversations</h1>" in page
    assert not ExchangeNote.objects.exists()


def test_an_empty_note_for_an_assisted_person_stays_on_the_desks_page(
    client_for, referent, commune, resident
):
    assisted = UserFactory(commune=commune, assisted=True, display_name="Germaine V.")
    post = PostFactory(author=assisted, entered_by=referent)
    exchange = ExchangeFactory(post=post, helper=resident, receiver=assisted)
    response = client_for(referent).post(
        f"/tableau/echanges/{exchange.public_id}/note/", {"person": str(assisted.public_id), "body": ""}
    )
    page = assert_on_its_form(response, f"body-{exchange.public_id}-{assisted.public_id}")
    assert "<h1>Échanges et notes</h1>" in page and "Germaine V." in page
    assert not ExchangeNote.objects.exists()


@pytest.mark.parametrize("reported", [False, True], ids=["pending-post", "report"])
def test_a_moderation_without_reason_stays_on_the_queue(client_for, referent, resident, reported):
    post = PostFactory(author=resident, visibility=Visibility.PENDING if not reported else Visibility.VISIBLE)
    data = {"kind": "hide", "reason": ""}
    key = post.reference
    if reported:
        report = Report.objects.create(territory=post.territory, post=post, reporter=resident, reason="Vente")
        data["report"], key = str(report.public_id), report.public_id
    response = client_for(referent).post(f"/accueil/moderation/{post.reference}/", data)
    page = assert_on_its_form(response, f"reason-{key}")
    assert "<h1>Modération</h1>" in page
    assert '<option value="hide" selected>' in page
    assert not ModerationAction.objects.exists()


@pytest.fixture
def claim(resident, neighbour):
    AccountFactory(owner=resident)
    AccountFactory(owner=neighbour)
    claim, _created = timebank.record_claim(
        helper=resident,
        receiver=neighbour,
        minutes=60,
        happened_on=datetime.date.today(),
        description="Jardin",
        idempotency_key=uuid.uuid4(),
    )
    return claim


def test_a_dispute_without_reason_stays_on_the_account_page(client_for, neighbour, claim):
    response = client_for(neighbour).post(
        f"/banque-du-temps/heures/{claim.public_id}/contester/", {"reason": ""}
    )
    page = assert_on_its_form(response, f"reason-dispute-{claim.public_id}")
    assert "Dites ce qui ne va pas" in page and "<h1>Mon compte temps</h1>" in page
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_a_dispute_without_reason_sent_from_the_claims_page_stays_there(client_for, neighbour, claim):
    url = f"/banque-du-temps/heures/{claim.public_id}/contester/?depuis=fiche"
    page = client_for(neighbour).get(claim.get_absolute_url()).text
    assert f'action="{url}"' in page
    page = assert_on_its_form(
        client_for(neighbour).post(url, {"reason": ""}), f"reason-dispute-{claim.public_id}"
    )
    assert "<h1>Aide déclarée</h1>" in page


@pytest.fixture
def disputed(claim, neighbour):
    timebank.dispute_claim(claim, by=neighbour, reason="Plutôt 30 minutes")
    return claim


@pytest.mark.parametrize("from_claim_page", [False, True], ids=["desk", "claim-page"])
def test_a_rejection_without_reason_stays_on_the_page_it_was_sent_from(
    client_for, referent, disputed, from_claim_page
):
    query = "?depuis=fiche" if from_claim_page else ""
    url = f"/accueil/banque-du-temps/heures/{disputed.public_id}/rejeter/{query}"
    page = assert_on_its_form(
        client_for(referent).post(url, {"reason": ""}), f"reason-reject-{disputed.public_id}"
    )
    assert ("<h1>Aide déclarée</h1>" in page) is from_claim_page
    assert ("<h1>Aides à régler</h1>" in page) is not from_claim_page
    disputed.refresh_from_db()
    assert disputed.status == "disputed"


@pytest.mark.parametrize("from_claim_page", [False, True], ids=["desk", "claim-page"])
def test_a_bad_settlement_stays_on_the_page_it_was_sent_from(client_for, referent, disputed, from_claim_page):
    query = "?depuis=fiche" if from_claim_page else ""
    url = f"/accueil/banque-du-temps/heures/{disputed.public_id}/regler/{query}"
    response = client_for(referent).post(url, {"minutes": "beaucoup", "reason": "Vu"})
    page = assert_on_its_form(response, f"minutes-{disputed.public_id}", value="beaucoup")
    assert ("<h1>Aides à régler</h1>" in page) is not from_claim_page


def test_a_dispute_for_an_assisted_person_without_reason_stays_on_the_desk(
    client_for, referent, resident, commune
):
    assisted = UserFactory(commune=commune, assisted=True)
    AccountFactory(owner=resident)
    AccountFactory(owner=assisted)
    claim, _created = timebank.record_claim(
        helper=resident,
        receiver=assisted,
        minutes=60,
        happened_on=datetime.date.today(),
        description="Jardin",
        idempotency_key=uuid.uuid4(),
    )
    response = client_for(referent).post(
        f"/banque-du-temps/heures/{claim.public_id}/contester/", {"reason": ""}
    )
    page = assert_on_its_form(response, f"reason-dispute-{claim.public_id}")
    assert "<h1>Aides à régler</h1>" in page


def test_the_post_forms_optional_fields_are_folded_and_open_on_an_error(client_for, resident):
    client = client_for(resident)
    page = client.get("/tableau/nouvelle/").text
    assert '<details class="folded-fields">' in page  # closed: one Tab stop
    assert page.index('name="when"') < page.index("folded-fields") < page.index('name="body"')
    response = client.post(
        "/tableau/nouvelle/", {"kind": "request", "title": "", "body": "Appelez le 06 12 34 56 78"}
    )
    assert '<details class="folded-fields" open>' in response.text


def test_without_errors_the_skip_link_leads_to_main(anonymous, territory):
    page = anonymous.get("/compte/connexion/").text
    assert page.count('id="contenu"') == 1 and '<main id="contenu" tabindex="-1">' in page


def test_a_summary_swapped_in_by_htmx_keeps_its_own_id(rf):
    """Outside a whole page (an htmx part), the summary takes the focus but not the skip link's
    id, which the page around it already holds."""

    class NameForm(forms.Form):
        name = forms.CharField()

    html = Template('{% include "includes/form.html" %}').render(
        Context({"form": NameForm({}, prefix="a"), "request": rf.get("/")})
    )
    assert 'id="contenu"' not in html and 'id="a-errors" autofocus' in html


def test_a_form_shown_again_with_errors_answers_400_whichever_view_rendered_it(anonymous, resident, referent):
    """One place (core.middleware.FormErrorStatus) for every form: the lending item form and the
    login page answered 200 with their errors."""
    from django.test import Client

    failed_login = anonymous.post("/compte/connexion/", {"login": resident.email, "password": "faux"})
    assert failed_login.status_code == 400
    client = Client(HTTP_HOST="a.example.org")
    client.force_login(referent)
    empty_item = client.post("/accueil/pret/ajouter/", {"name": ""})
    assert empty_item.status_code == 400 and "Erreur\u00a0:" in empty_item.text
    filtered = anonymous.get("/tableau/?date=pas-une-date&urgent=peut-etre")
    assert filtered.status_code == 200  # a GET with a wrong filter is still a page
