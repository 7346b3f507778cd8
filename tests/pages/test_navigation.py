"""A second way around the site (RGAA 12.1: site map and search), the accessibility statement
linked from every page, and the admin saying "no access" instead of looping."""

import datetime

import pytest

from entraide.core.discovery import app_modules

from ..board.factories import PostFactory
from ..directory.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_every_page_links_the_statement_the_site_map_and_the_search(anonymous, territory):
    page = anonymous.get("/tableau/").text
    footer = page.split('<footer class="site-footer">')[1]
    # No audit filled in yet: the RGAA has the site declared not conforming, never a made-up status.
    assert 'href="/accessibilite/">Accessibilité\u00a0: non conforme</a>' in footer
    assert 'href="/plan-du-site/"' in footer and 'href="/recherche/"' in footer


def test_the_site_map_lists_the_pages_each_person_may_open(client_for, anonymous, resident, referent):
    public = anonymous.get("/plan-du-site/").text
    assert 'href="/tableau/"' in public and 'href="/initiatives/"' in public
    assert 'href="/compte/profil/"' not in public and 'href="/accueil/personnes/"' not in public
    assert 'href="/compte/profil/"' in client_for(resident).get("/plan-du-site/").text
    assert 'href="/accueil/personnes/"' in client_for(referent).get("/plan-du-site/").text


def test_the_search_finds_public_posts_and_initiatives_only(anonymous, resident, commune):
    PostFactory(author=resident, title="Tondre la pelouse du jardin")
    PostFactory(author=resident, title="Jardin secret", visibility="pending")
    InitiativeFactory(commune=commune, name="Jardins partagés du Tarn")
    InitiativeFactory(commune=commune, name="Jardin en attente", proposed=True)
    page = anonymous.get("/recherche/", {"q": "jardin"}).text
    assert "Tondre la pelouse du jardin" in page and "Jardins partagés du Tarn" in page
    assert "Jardin secret" not in page and "Jardin en attente" not in page
    assert "2 résultats pour «\u00a0jardin\u00a0»" in page or "2 résultats pour “jardin”" in page


def test_the_search_without_words_shows_the_form_only(anonymous, territory):
    response = anonymous.get("/recherche/")
    assert response.status_code == 200 and 'role="search"' in response.text
    assert 'role="status"' not in response.text


def test_each_app_adds_its_results_through_a_sitesearch_module():
    names = [module.__name__ for module in app_modules("sitesearch")]
    assert names == ["entraide.board.sitesearch", "entraide.directory.sitesearch"] or {
        "entraide.board.sitesearch",
        "entraide.directory.sitesearch",
    } <= set(names)
    assert all(callable(module.results) for module in app_modules("sitesearch"))


def test_the_statement_follows_the_rgaa_model(anonymous, territory):
    page = anonymous.get("/accessibilite/").text
    for part in (
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Défenseur des droits",
    ):
        assert part in page
    # Without the audit's figures, no rate is invented: not conforming, the audit not yet made.
    assert "<strong>non conforme</strong>" in page and "Aucun audit" in page
    assert "%" not in page.split("Résultats des tests")[1].split("<h2>")[0]


@pytest.mark.parametrize(
    ("rate", "audited_on", "status"),
    [
        (100, datetime.date(2026, 11, 20), "totalement conforme"),
        (87, datetime.date(2026, 11, 20), "partiellement conforme"),
        (50, datetime.date(2026, 11, 20), "partiellement conforme"),
        (49, datetime.date(2026, 11, 20), "non conforme"),
        (87, None, "non conforme"),  # a rate without the audit's date is no audit
    ],
)
def test_the_status_follows_the_audits_rate_as_the_rgaa_sets_it(
    anonymous, territory, rate, audited_on, status
):
    territory.accessibility_rate = rate
    territory.accessibility_audited_on = audited_on
    territory.save()
    page = anonymous.get("/accessibilite/").text
    assert f"<strong>{status}</strong>" in page
    assert f"Accessibilité\u00a0: {status}</a>" in page
    assert (f"{rate}\u00a0%" in page or f"{rate} %" in page) is (audited_on is not None)


def test_the_statement_is_written_per_territory(anonymous, territory):
    territory.accessibility_rate = 87
    territory.accessibility_audited_on = datetime.date(2026, 11, 20)
    territory.accessibility_exceptions = "Le plan de la <b>commune</b>."
    territory.accessibility_contact = "accessibilite@mairie.example.org"
    territory.save()
    page = anonymous.get("/accessibilite/").text
    assert "partiellement conforme" in page and ("87\u00a0%" in page or "87 %" in page)
    assert "20 novembre 2026" in page and "&lt;b&gt;commune" in page
    assert "accessibilite@mairie.example.org" in page


def test_an_administrator_edits_the_statement_in_the_admin(client_for, administrator, territory):
    page = client_for(administrator).get(f"/admin/territories/territory/{territory.pk}/change/").text
    assert 'name="accessibility_rate"' in page and 'name="accessibility_exceptions"' in page
    assert 'name="accessibility_audited_on"' in page
    assert 'name="accessibility_status"' not in page  # the status follows from the rate


@pytest.mark.parametrize("persona", ["resident", "referent"])
def test_the_admin_tells_a_person_without_access_so_instead_of_looping(client_for, persona, request):
    client = client_for(request.getfixturevalue(persona))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2
    assert "aucun accès" in response.text


def test_the_admin_still_asks_an_anonymous_visitor_to_log_in(anonymous, territory):
    response = anonymous.get("/admin/", follow=True)
    assert response.status_code == 200 and "/compte/connexion/" in response.redirect_chain[-1][0]
