"""The page cache for anonymous visitors (core.cache): kept until the territory changes, never
for logged-in people, never a page that carries a CSRF token or a message."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.board.enums import PostStatus
from entraide.board.models import Post

from ..board.factories import PostFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/tableau/", "/tableau/?kind=request", "/tableau/flux.atom", "/initiatives/", "/diagnostic/"]


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60


def _queries(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return response, len(queries)


@pytest.mark.parametrize("path", PAGES)
def test_it_serves_a_public_page_again_without_a_query(anonymous, resident, path):
    PostFactory(author=resident, title="Tondre la pelouse")
    first, _ = _queries(anonymous, path)
    again, queries = _queries(anonymous, path)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert queries == 0
    assert again["ETag"] == first["ETag"]
    assert "no-cache" in again["Cache-Control"]


def test_it_answers_304_to_the_same_etag(anonymous, resident):
    etag = anonymous.get("/tableau/")["ETag"]
    response = anonymous.get("/tableau/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_a_new_post_shows_at_once(anonymous, resident):
    assert "Réparer un vélo" not in anonymous.get("/tableau/").text
    PostFactory(author=resident, title="Réparer un vélo")
    assert "Réparer un vélo" in anonymous.get("/tableau/").text


def test_a_bulk_update_shows_at_once(anonymous, resident):
    post = PostFactory(author=resident, title="Réparer un vélo")
    assert "Réparer un vélo" in anonymous.get("/tableau/").text
    Post.objects.filter(pk=post.pk).update(status=PostStatus.DONE)
    assert "Réparer un vélo" not in anonymous.get("/tableau/").text


def test_a_change_after_commit_shows(anonymous, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(author=resident, title="Réparer un vélo")
    assert "Réparer un vélo" in anonymous.get("/tableau/").text


def test_another_territory_s_change_keeps_this_territory_s_pages(anonymous, resident, outsider):
    anonymous.get("/tableau/")
    PostFactory(author=outsider, title="Ailleurs")
    _response, queries = _queries(anonymous, "/tableau/")
    assert queries == 0


def test_logged_in_people_get_a_fresh_private_page(anonymous, client_for, resident, neighbour):
    anonymous.get("/tableau/")
    response = client_for(neighbour).get("/tableau/")
    assert "Karim B." in response.text or "Se déconnecter" in response.text
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response
    PostFactory(author=resident, title="Réparer un vélo")
    assert "Réparer un vélo" in client_for(neighbour).get("/tableau/").text


def test_it_keeps_no_page_with_a_session_or_a_message_cookie(client_for, resident):
    client = client_for()
    client.get("/tableau/")
    client.cookies["sessionid"] = "whatever"
    _response, queries = _queries(client, "/tableau/")
    assert queries > 0


def test_it_keeps_no_page_that_asked_for_a_csrf_token(anonymous):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    from entraide.core.cache import _keepable

    request = RequestFactory().get("/")
    token = get_token(request)
    form = f'<form><input type="hidden" name="csrfmiddlewaretoken" value="{token}"></form>'
    assert not _keepable(request, HttpResponse(form))
    assert _keepable(request, HttpResponse("<p>No form.</p>"))


def test_the_public_pages_carry_no_csrf_token(anonymous):
    for path in PAGES:
        assert "csrfmiddlewaretoken" not in anonymous.get(path).text, path


def test_the_language_switch_works_without_a_token(anonymous):
    from django.test import Client

    client = Client(HTTP_HOST="a.example.org", enforce_csrf_checks=True)
    response = client.post("/langue/", {"language": "en", "next": "/tableau/"})
    assert response.status_code == 302
    assert client.get("/tableau/").headers["Content-Language"] == "en"


def test_it_is_off_unless_configured(settings, anonymous):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    anonymous.get("/tableau/")
    _response, queries = _queries(anonymous, "/tableau/")
    assert queries > 0


def test_a_process_that_trusts_its_versions_still_sees_its_own_changes(settings, anonymous, resident):
    settings.CACHE_LOCAL_SECONDS = 60
    anonymous.get("/tableau/")
    _response, queries = _queries(anonymous, "/tableau/")
    assert queries == 0
    PostFactory(author=resident, title="Réparer un vélo")
    assert "Réparer un vélo" in anonymous.get("/tableau/").text


def test_each_host_name_of_a_territory_gets_its_own_links(client_for, territory, resident):
    from entraide.territories.models import TerritoryHost

    TerritoryHost.objects.create(territory=territory, name="c.example.org")
    PostFactory(author=resident, title="Réparer un vélo")
    assert "a.example.org" in client_for(host="a.example.org").get("/tableau/flux.atom").text
    feed = client_for(host="c.example.org").get("/tableau/flux.atom").text
    assert "c.example.org" in feed and "a.example.org" not in feed


PUBLIC_PAGES = ["/", "/tableau/", "/initiatives/", "/rencontres/", "/pret/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_sets_no_cookie_and_is_kept(anonymous, resident, path):
    """No form on the page, so nothing asks for the CSRF token: no cookie, and the second visit
    is served from the page cache without a query."""
    PostFactory(author=resident, title="Tondre la pelouse")
    first, _ = _queries(anonymous, path)
    assert first.status_code == 200
    assert not first.cookies, (path, list(first.cookies))
    assert "csrfmiddlewaretoken" not in first.text
    again, queries = _queries(anonymous, path)
    assert queries == 0, path
    assert not again.cookies
    assert again.content == first.content


# The language switch is csrf_exempt (its form in every page's footer carries no token, so that
# public pages stay cacheable). A cross-site POST may switch a visitor's cookie (low impact: the
# interface's language), never what is saved on an account: that write needs an Origin (or
# Referer) that is an absolute URL of this host.


def _switch(person, **headers):
    from django.test import Client

    client = Client(HTTP_HOST="a.example.org", enforce_csrf_checks=True)
    client.force_login(person)
    return client.post("/langue/", {"language": "en", "next": "/"}, **headers)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_ORIGIN": "https://evil.example.com"},
        {"HTTP_ORIGIN": "null"},  # a form in a sandboxed frame of any site
        {"HTTP_REFERER": "/"},
        {"HTTP_ORIGIN": "http://a.example.org.evil.example.com"},
        {"HTTP_REFERER": "https://b.example.org/"},
    ],
)
def test_a_cross_site_language_switch_does_not_touch_the_account(resident, headers):
    response = _switch(resident, **headers)
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    resident.refresh_from_db()
    assert resident.language == "fr"


@pytest.mark.parametrize(
    "headers", [{"HTTP_ORIGIN": "http://a.example.org"}, {"HTTP_REFERER": "http://a.example.org/tableau/"}]
)
def test_the_site_s_own_language_switch_saves_it_on_the_account(resident, headers):
    assert _switch(resident, **headers).status_code == 302
    resident.refresh_from_db()
    assert resident.language == "en"


def test_the_logged_in_board_keeps_its_list_and_renders_each_persons_menu(client_for, resident, neighbour):
    """The unfiltered board is the same for every logged-in person but their menu: the list is kept
    (a second person's page runs fewer queries), each page's menu is its own (its own CSRF token
    for logging out, none in the kept list), and a change shows at once."""
    PostFactory(author=resident, title="Tondre la pelouse")
    first, fresh = _queries(client_for(resident), "/tableau/")
    again, kept = _queries(client_for(neighbour), "/tableau/")
    assert "Tondre la pelouse" in again.text
    assert main(again.text) == main(first.text) and "csrfmiddlewaretoken" not in main(again.text)
    assert token(again.text) != token(first.text)
    assert kept < fresh
    assert "private" in again["Cache-Control"]
    PostFactory(author=resident, title="Réparer un vélo")
    assert "Réparer un vélo" in client_for(neighbour).get("/tableau/").text


def main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def token(page: str) -> str:
    return page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def test_a_filtered_board_is_rendered_for_each_logged_in_person(client_for, resident, neighbour):
    PostFactory(author=resident, title="Tondre la pelouse")
    client_for(resident).get("/tableau/?kind=request")
    _, first = _queries(client_for(neighbour), "/tableau/?kind=offer")
    _, again = _queries(client_for(neighbour), "/tableau/?kind=offer")
    assert first == again
