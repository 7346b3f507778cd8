"""Writing, editing, withdrawing and renewing a post, and the bad input it refuses."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from entraide.board.enums import PostKind, PostStatus, Visibility, When
from entraide.board.models import BoardSettings, Post
from entraide.core.search import matches
from entraide.people.models import ProxyAction

from ..factories import CommuneFactory
from .factories import PostFactory

pytestmark = pytest.mark.django_db


def post_data(category, commune, **changes):
    data = {
        "kind": "request",
        "title": "Un trajet pour le marché",
        "body": "Samedi matin, aller-retour.",
        "category": category.pk,
        "commune": commune.pk,
        "neighbourhood": "",
        "when": "flexible",
        **changes,
    }
    return data


def test_a_resident_posts_a_request_in_under_a_minute(client_for, resident, transport, commune):
    response = client_for(resident).post("/tableau/nouvelle/", post_data(transport, commune, urgent="on"))
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tableau/{post.reference}/"
    assert (post.author, post.territory, post.kind, post.status) == (
        resident,
        resident.territory,
        PostKind.REQUEST,
        PostStatus.OPEN,
    )
    assert post.urgent
    assert post.visibility == Visibility.VISIBLE
    assert post.expires_at.date() == (timezone.now() + datetime.timedelta(days=28)).date()
    assert post.reference.startswith("B-") and len(post.reference) == 6
    # The reference is searchable (stemmed like any word: "B-BS9X" is stored, and searched, as "bs9").
    assert Post.objects.filter(matches(post.reference)).get() == post


def test_the_form_starts_from_the_profile_and_shows_safety_notes(client_for, resident, transport):
    page = client_for(resident).get("/tableau/nouvelle/?kind=offer").text
    assert f'value="{resident.commune_id}" selected' in page
    assert "assurance auto" in page  # the transport category's safety note


def test_it_refuses_an_urgent_offer_and_says_why(client_for, resident, transport, commune):
    response = client_for(resident).post(
        "/tableau/nouvelle/", post_data(transport, commune, kind="offer", urgent="on")
    )
    assert response.status_code == 400  # the form again, with the error
    assert "Seule une demande peut être urgente" in response.content.decode()
    assert not Post.objects.exists()


def test_the_database_refuses_an_urgent_offer(resident, transport):
    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(author=resident, category=transport, kind=PostKind.OFFER, urgent=True)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 10_000}, "title"),
        ({"body": "x" * 10_000}, "body"),
        ({"body": "<img src=x onerror=alert(1)>"}, "body"),
        ({"title": "<script>alert(1)</script>"}, "title"),
        ({"when": "date", "when_date": "2020-01-01"}, "when_date"),
        ({"when": "date"}, "when_date"),
        ({"when": "period", "when_date": "2099-05-10", "when_until": "2099-05-01"}, "when_until"),
        ({"when": "weekly"}, "when_weekday"),
        ({"kind": "gift"}, "kind"),
        ({"body": "Appelez-moi au 06 12 34 56 78"}, "body"),
        ({"body": "Appelez-moi au +33 6.12.34.56.78"}, "body"),
        ({"title": "Écrire à sophie@example.org"}, "title"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(client_for, resident, transport, commune, changes, field):
    response = client_for(resident).post("/tableau/nouvelle/", post_data(transport, commune, **changes))
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text
    assert f'id="id_{field}"' in response.text
    assert not Post.objects.exists()


def test_html_in_a_post_is_refused_and_never_executed(client_for, resident, transport, commune):
    response = client_for(resident).post(
        "/tableau/nouvelle/",
        post_data(transport, commune, title="Aide <b>jardin</b>", body="<script>alert(1)</script>Merci"),
    )
    assert "HTML" in response.text
    assert "<script>alert(1)" not in response.text
    assert not Post.objects.exists()


def test_signs_that_look_like_markup_are_kept_and_escaped(
    client_for, resident, transport, commune, anonymous
):
    client_for(resident).post(
        "/tableau/nouvelle/", post_data(transport, commune, title="Vélo < 20 € & casque")
    )
    post = Post.objects.get()
    assert post.title == "Vélo < 20 € & casque"
    assert "Vélo &lt; 20 € &amp; casque" in anonymous.get(post.get_absolute_url()).text


def test_it_refuses_a_commune_of_another_territory(client_for, resident, transport, other_territory):
    albi = CommuneFactory(territory=other_territory, name="Albi", insee_code="81004")
    response = client_for(resident).post("/tableau/nouvelle/", post_data(transport, albi))
    assert response.status_code == 400
    assert not Post.objects.exists()


def test_a_double_submission_stores_one_post(client_for, resident, transport, commune):
    client = client_for(resident)
    client.post("/tableau/nouvelle/", post_data(transport, commune))
    response = client.post("/tableau/nouvelle/", post_data(transport, commune))
    assert response.status_code == 400
    assert "elle est déjà sur le tableau d’entraide" in response.text
    assert Post.objects.count() == 1


def test_a_period_and_a_weekly_post_keep_only_what_they_use(client_for, resident, transport, commune):
    client_for(resident).post(
        "/tableau/nouvelle/",
        post_data(transport, commune, when="weekly", when_weekday="5", when_date="2099-01-01"),
    )
    post = Post.objects.get()
    assert (post.when, post.when_weekday, post.when_date) == (When.WEEKLY, 5, None)


def test_anonymous_visitors_must_log_in_to_post(anonymous):
    response = anonymous.get("/tableau/nouvelle/")
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]


def test_posts_of_new_accounts_are_held_when_the_territory_says_so(
    client_for, resident, transport, commune, territory, anonymous
):
    BoardSettings.objects.create(territory=territory, hold_new_accounts=True)
    client_for(resident).post("/tableau/nouvelle/", post_data(transport, commune))
    post = Post.objects.get()
    assert post.visibility == Visibility.PENDING
    assert post.title not in anonymous.get("/tableau/").text
    assert anonymous.get(f"/tableau/{post.reference}/").status_code == 404


def test_the_author_edits_withdraws_and_renews(client_for, resident, transport, commune, anonymous):
    post = PostFactory(author=resident, category=transport)
    client = client_for(resident)
    response = client.post(
        f"/tableau/{post.reference}/modifier/", post_data(transport, commune, title="Un autre titre")
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Un autre titre"
    assert "autre" in post.search_text

    Post.objects.filter(pk=post.pk).update(status=PostStatus.EXPIRED, expires_at=timezone.now())
    assert post.title not in anonymous.get("/tableau/").text
    client.post(f"/tableau/{post.reference}/prolonger/")
    post.refresh_from_db()
    assert post.status == PostStatus.OPEN and post.expires_at > timezone.now() + datetime.timedelta(days=27)

    asked = client.get(f"/tableau/{post.reference}/retirer/")
    assert asked.status_code == 200 and "Retirer cette annonce\u00a0?" in asked.text
    client.post(f"/tableau/{post.reference}/retirer/")  # not confirmed: asks again, changes nothing
    post.refresh_from_db()
    assert post.status == PostStatus.OPEN
    client.post(f"/tableau/{post.reference}/retirer/", {"confirmed": "yes"})
    post.refresh_from_db()
    assert post.status == PostStatus.WITHDRAWN
    assert anonymous.get(f"/tableau/{post.reference}/").status_code == 410  # "this request is over"


@pytest.mark.parametrize("action", ["modifier", "retirer", "prolonger"])
def test_others_cannot_change_a_post(client_for, resident, neighbour, transport, action):
    post = PostFactory(author=resident, category=transport, title="Titre d'origine")
    response = client_for(neighbour).post(
        f"/tableau/{post.reference}/{action}/", {"title": "Piraté", "confirmed": "yes"}
    )
    assert response.status_code == 403
    post.refresh_from_db()
    assert (post.title, post.status) == ("Titre d'origine", PostStatus.OPEN)


def test_renew_refuses_get_and_withdraw_asks_first(client_for, resident, transport):
    post = PostFactory(author=resident, category=transport)
    client = client_for(resident)
    assert client.get(f"/tableau/{post.reference}/prolonger/").status_code == 405
    page = client.get(f"/tableau/{post.reference}/retirer/").text
    assert 'name="confirmed" value="yes"' in page and post.get_absolute_url() in page
    post.refresh_from_db()
    assert post.status == PostStatus.OPEN


def test_references_are_unique_and_retry_on_collision(resident, transport, monkeypatch):
    from entraide.board import models, services

    PostFactory(author=resident, category=transport, reference="B-AAAA")
    tries = iter(["B-AAAA", "B-AAAA", "B-BBBB"])
    monkeypatch.setattr(services, "new_reference", lambda length=4: next(tries))
    post = services.publish_post(
        models.Post(kind="request", title="Encore", category=transport, commune=resident.commune),
        author=resident,
    )
    assert post.reference == "B-BBBB"


def test_a_referent_edit_on_behalf_is_logged(client_for, referent, assisted, transport, commune):
    post = PostFactory(author=assisted, category=transport, entered_by=referent)
    client_for(referent).post(
        f"/tableau/{post.reference}/modifier/", post_data(transport, commune, title="Corrigé")
    )
    post.refresh_from_db()
    assert post.title == "Corrigé"
    assert ProxyAction.objects.filter(person=assisted, referent=referent).exists()


def test_numbers_that_are_not_phones_are_fine(client_for, resident, transport, commune):
    client_for(resident).post(
        "/tableau/nouvelle/", post_data(transport, commune, body="2 sacs de 10 kg, vers 14 h 30, bus 0123")
    )
    assert Post.objects.count() == 1


def test_an_empty_form_says_what_is_missing(client_for, resident, transport):
    response = client_for(resident).post("/tableau/nouvelle/", {})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert not Post.objects.exists()
