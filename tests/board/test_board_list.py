"""The public board: newest first, filters, search, pagination, privacy and bounded queries."""

import datetime

import pytest
from django.utils import timezone

from entraide.board.enums import PostStatus, Visibility

from ..factories import CommuneFactory, NeighbourhoodFactory, UserFactory
from ..helpers import assert_constant_queries
from .factories import PostFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_see_the_board_without_contact_details(anonymous, resident, transport):
    resident.phone = "06 12 34 56 78"
    resident.save()
    post = PostFactory(author=resident, category=transport, title="Trajet à Gaillac")
    for url in ("/tableau/", post.get_absolute_url()):
        page = anonymous.get(url).text
        assert "Trajet à Gaillac" in page
        assert "Sophie L." in page and "La Gare" in page
        assert resident.email not in page and "06 12 34 56 78" not in page
    assert 'href="/compte/connexion/?next=' in page


def test_newest_first_and_closed_posts_leave_public_view(anonymous, resident, transport):
    old = PostFactory(
        author=resident,
        category=transport,
        title="Ancienne",
        created_at=timezone.now() - datetime.timedelta(days=2),
    )
    new = PostFactory(author=resident, category=transport, title="Récente")
    for status in (PostStatus.WITHDRAWN, PostStatus.EXPIRED, PostStatus.DONE):
        PostFactory(author=resident, category=transport, title=f"Fermée {status}", status=status)
    PostFactory(author=resident, category=transport, title="Masquée", visibility=Visibility.HIDDEN)
    in_progress = PostFactory(
        author=resident, category=transport, title="En cours", status=PostStatus.IN_PROGRESS
    )
    page = anonymous.get("/tableau/").text
    assert page.index(new.title) < page.index(old.title)
    assert in_progress.title in page
    assert "Fermée" not in page and "Masquée" not in page


def test_filters_narrow_the_board(anonymous, resident, categories, commune, territory):
    rabastens = CommuneFactory(territory=territory, name="Rabastens", insee_code="81220")
    berges = NeighbourhoodFactory(commune=rabastens, name="Les Berges")
    someone = UserFactory(commune=rabastens, neighbourhood=berges)
    PostFactory(author=resident, category=categories["transport"], title="Demande transport", urgent=True)
    PostFactory(author=resident, category=categories["jardinage"], title="Offre jardin", offer=True)
    PostFactory(author=someone, category=categories["courses"], title="Courses aux Berges")

    def titles(query: str) -> set[str]:
        text = anonymous.get(f"/tableau/?{query}").text
        return {t for t in ("Demande transport", "Offre jardin", "Courses aux Berges") if t in text}

    assert titles("") == {"Demande transport", "Offre jardin", "Courses aux Berges"}
    assert titles("kind=offer") == {"Offre jardin"}
    assert titles("category=transport") == {"Demande transport"}
    assert titles("commune=81220") == {"Courses aux Berges"}
    assert titles(f"neighbourhood={berges.public_id}") == {"Courses aux Berges"}
    assert titles("urgent=on") == {"Demande transport"}
    assert titles("kind=request&commune=81070") == {"Demande transport"}


def test_search_ignores_case_accents_and_plurals_and_finds_references(anonymous, resident, categories):
    velo = PostFactory(author=resident, category=categories["bricolage"], title="Réparer deux Vélos")
    PostFactory(author=resident, category=categories["jardinage"], title="Tondre la pelouse")
    assert velo.title in anonymous.get("/tableau/?q=velo").text
    assert "Tondre" not in anonymous.get("/tableau/?q=velo").text
    assert velo.title in anonymous.get("/tableau/?q=VÉLO+reparer").text
    assert velo.title in anonymous.get(f"/tableau/?q={velo.reference}").text
    assert velo.title in anonymous.get(f"/tableau/?q={velo.reference.lower()}").text
    assert "Tondre" not in anonymous.get(f"/tableau/?q={velo.reference}").text


def test_unknown_filter_values_are_ignored_not_errors(anonymous, resident, transport):
    PostFactory(author=resident, category=transport, title="Toujours là")
    response = anonymous.get("/tableau/?category=nope&commune=zzz&neighbourhood=not-a-uuid&page=abc")
    assert response.status_code == 200


def test_the_board_paginates(anonymous, resident, transport):
    for i in range(25):
        PostFactory(author=resident, category=transport, title=f"Annonce {i:02d}")
    first = anonymous.get("/tableau/").text
    second = anonymous.get("/tableau/?page=2").text
    assert "Annonce 24" in first and "Annonce 00" not in first
    assert "Annonce 00" in second
    assert 'rel="next"' in first


def test_the_board_runs_a_constant_number_of_queries(anonymous, resident, categories, client_for):
    slugs = list(categories)

    def add(n):
        for i in range(n):
            author = UserFactory(commune=resident.commune)
            PostFactory(author=author, category=categories[slugs[i % len(slugs)]])

    assert_constant_queries(lambda: anonymous.get("/tableau/?q=coup&kind=request"), add, small=5, large=60)


def test_htmx_gets_the_same_results_as_the_full_page(anonymous, resident, transport):
    PostFactory(author=resident, category=transport, title="Partielle et complète")
    full = anonymous.get("/tableau/?kind=request").text
    partial = anonymous.get("/tableau/?kind=request", HTTP_HX_REQUEST="true").text
    assert "<html" not in partial
    # First the count for the status region that stays in the page (htmx swaps it out of band).
    count, _, results = partial.partition("</p>")
    assert 'id="board-status" data-hx-swap-oob="innerHTML"' in count
    assert results.strip() in full


def test_the_board_links_its_feed_and_poster_with_the_same_filters(anonymous, territory):
    page = anonymous.get("/tableau/?kind=offer").text
    assert 'href="/tableau/flux.atom?kind=offer"' in page
    assert 'href="/tableau/affiche.pdf?kind=offer"' in page
    assert 'type="application/atom+xml"' in page


def test_posts_of_another_territory_are_neither_listed_nor_reachable(anonymous, outsider, other_territory):
    from .factories import CategoryFactory

    post = PostFactory(author=outsider, category=CategoryFactory(territory=other_territory), title="Ailleurs")
    assert "Ailleurs" not in anonymous.get("/tableau/").text
    assert anonymous.get(f"/tableau/{post.reference}/").status_code == 404
    assert anonymous.get(f"/tableau/?q={post.reference}").text.count("Ailleurs") == 0


@pytest.mark.parametrize("key", ["B-ZZZZ", "b-zzzz", "B-00", "12"])
def test_guessed_references_answer_404(anonymous, key):
    assert anonymous.get(f"/tableau/{key}/").status_code == 404
