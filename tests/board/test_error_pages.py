"""French error pages everywhere, also with DEBUG on (the demo), and a French page for a post that is over."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import override_settings
from django.urls import path

from entraide.board.enums import PostStatus, Visibility
from entraide.urls import urlpatterns as site_urlpatterns

from .factories import PostFactory

pytestmark = pytest.mark.django_db


@login_not_required
def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boum/", _boom), *site_urlpatterns]


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_address_gets_the_french_404_page(anonymous, territory, debug):
    with override_settings(DEBUG=debug):
        response = anonymous.get("/nulle-part/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in page or "n’existe pas" in page
    assert "URLconf" not in page and "Page not found" not in page


@pytest.mark.parametrize("debug", [False, True])
def test_a_missing_object_gets_the_french_404_page(anonymous, territory, debug):
    with override_settings(DEBUG=debug):
        response = anonymous.get("/tableau/B-ZZZZ/")
    assert response.status_code == 404
    assert "URLconf" not in response.content.decode()
    assert '<html lang="fr">' in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_a_refused_page_gets_the_french_403_page(client_for, resident, debug):
    with override_settings(DEBUG=debug):
        response = client_for(resident).get("/accueil/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode() or "refus" in response.content.decode()


@override_settings(DEBUG=True, ROOT_URLCONF=__name__)
def test_a_server_error_with_debug_on_gets_the_french_500_page(anonymous, territory):
    anonymous.raise_request_exception = False
    response = anonymous.get("/boum/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Une erreur s’est produite" in page
    assert "Traceback" not in page and "boom" not in page


@pytest.mark.parametrize("status", [PostStatus.DONE, PostStatus.WITHDRAWN, PostStatus.EXPIRED])
@pytest.mark.parametrize("debug", [False, True])
def test_a_post_that_is_over_says_so_in_french_with_the_board_and_the_town_halls_number(
    anonymous, territory, resident, categories, status, debug
):
    territory.contact_phone = "05 63 00 00 00"
    territory.save()
    post = PostFactory(author=resident, category=categories["transport"], title="Un trajet secret")
    post.status = status
    post.save()

    with override_settings(DEBUG=debug):
        response = anonymous.get(f"/tableau/{post.reference}/")

    page = response.content.decode()
    assert response.status_code == 410
    assert "Cette demande est terminée" in page
    assert 'href="/tableau/"' in page
    assert 'href="tel:0563000000"' in page
    assert "Un trajet secret" not in page  # the author's words are no longer shown


def test_a_hidden_post_stays_a_404(anonymous, resident, categories):
    post = PostFactory(
        author=resident,
        category=categories["transport"],
        status=PostStatus.DONE,
        visibility=Visibility.HIDDEN,
    )
    assert anonymous.get(f"/tableau/{post.reference}/").status_code == 404


def test_the_author_still_sees_their_finished_post(client_for, resident, categories):
    post = PostFactory(author=resident, category=categories["transport"], status=PostStatus.DONE)
    response = client_for(resident).get(f"/tableau/{post.reference}/")
    assert response.status_code == 200
    assert post.title in response.content.decode()
