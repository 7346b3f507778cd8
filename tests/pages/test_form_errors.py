"""A failed submission stays on its form (RGAA 11.10, 11.11): the title says "Erreur :", the
error summary takes the focus (autofocus: with or without JavaScript) and links to each field,
which is marked invalid and described by its error."""

import uuid

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from ..board.factories import PostFactory
from ..timebank.factories import AccountFactory, ExchangeFactory

pytestmark = pytest.mark.django_db

SUMMARY = 'class="error-summary" role="alert" tabindex="-1" autofocus'


def test_an_empty_reply_stays_on_the_post_with_the_error_tied_to_the_message(client_for, resident, neighbour):
    post = PostFactory(author=resident)
    response = client_for(neighbour).post(f"/tableau/{post.reference}/repondre/", {"body": "  "})
    assert response.status_code == 400
    page = response.text
    assert "<title>Erreur\u00a0:" in page and SUMMARY in page
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
    assert "<title>Erreur\u00a0:" in page and SUMMARY in page
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
    assert "<title>Erreur\u00a0:" in response.text and SUMMARY in response.text


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
