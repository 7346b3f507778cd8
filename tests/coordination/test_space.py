"""The members-only space: who gets in, what the home shows, the menu entry."""

import pytest

from .factories import make_meeting

pytestmark = pytest.mark.django_db


def test_it_lets_members_in_and_keeps_others_out(client_for, coordinator, referent, administrator, resident):
    for member in (coordinator, referent, administrator):
        assert client_for(member).get("/coordination/").status_code == 200
    assert client_for(resident).get("/coordination/").status_code == 403
    assert client_for(None).get("/coordination/").status_code == 302


def test_the_menu_shows_the_space_to_members_only(client_for, coordinator, resident):
    assert 'href="/coordination/"' in client_for(coordinator).get("/mon-espace/").text
    assert 'href="/coordination/"' not in client_for(resident).get("/mon-espace/").text


def test_the_home_shows_the_next_meeting(client_for, territory, coordinator, referent):
    meeting = make_meeting(territory, referent, place="Salle des fêtes")
    page = client_for(coordinator).get("/coordination/").text
    assert "Salle des fêtes" in page
    assert meeting.get_absolute_url() in page


def test_the_site_map_lists_the_space_to_members_only(client_for, coordinator, resident):
    def main(client):
        page = client.get("/plan-du-site/").text
        return page[page.index("<main") : page.index("</main>")]

    assert 'href="/coordination/"' in main(client_for(coordinator))
    assert 'href="/coordination/"' not in main(client_for(resident))
    assert 'href="/coordination/"' not in main(client_for(None))
