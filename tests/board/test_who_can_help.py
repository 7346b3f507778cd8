"""Issue 9 item 10: “Qui peut aider ?”, members who opted in, by theme and neighbourhood, written to
through the request's private conversation only."""

import pytest
from django.core import mail

from entraide.board.models import Conversation
from entraide.people import privacy
from entraide.people.services import erase_person

from ..factories import NeighbourhoodFactory, UserFactory
from ..helpers import assert_constant_queries
from .factories import PostFactory

pytestmark = pytest.mark.django_db

URL = "/tableau/qui-peut-aider/"


@pytest.fixture
def helper(commune, neighbourhood, categories):
    person = UserFactory(
        commune=commune,
        neighbourhood=neighbourhood,
        display_name="Claire M.",
        phone="06 12 34 56 78",
        can_help_with="Je répare les vélos.",
        listed_as_helper=True,
    )
    person.help_categories.set([categories["bricolage"]])
    return person


def test_it_refuses_visitors(anonymous):
    response = anonymous.get(URL)
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"] or "login" in response["Location"]


def test_it_refuses_members_of_another_territory(client_for, outsider, territory):
    # Their session does not hold on this territory's site: sent to log in, never shown the list.
    response = client_for(outsider, host=territory.hostname_list[0]).get(URL)
    assert response.status_code in (302, 403) and b"Claire" not in response.content


def test_it_lists_only_people_who_opted_in_and_never_their_contact_details(
    client_for, resident, helper, commune, neighbourhood
):
    UserFactory(commune=commune, neighbourhood=neighbourhood, display_name="Pas Listé", can_help_with="Tout")
    UserFactory(commune=commune, assisted=True, display_name="Assistée Listée", listed_as_helper=True)

    page = client_for(resident).get(URL).content.decode()

    assert "Claire M." in page and "Je répare les vélos." in page and "Bricolage" in page
    assert "Pas Listé" not in page and "Assistée Listée" not in page
    assert helper.email not in page and "06 12 34 56 78" not in page and "tel:" not in page


def test_it_filters_by_theme_and_neighbourhood(client_for, resident, helper, commune, categories):
    elsewhere = NeighbourhoodFactory(commune=commune, name="Les Prés")
    gardener = UserFactory(
        commune=commune, neighbourhood=elsewhere, display_name="Jardinier J.", listed_as_helper=True
    )
    gardener.help_categories.set([categories["jardinage"]])
    client = client_for(resident)

    by_theme = client.get(URL, {"category": "jardinage"}).content.decode()
    by_place = client.get(URL, {"neighbourhood": str(helper.neighbourhood.public_id)}).content.decode()

    assert "Jardinier J." in by_theme and "Claire M." not in by_theme
    assert "Claire M." in by_place and "Jardinier J." not in by_place


def test_it_runs_as_many_queries_for_5_people_as_for_60(
    client_for, resident, commune, neighbourhood, categories
):
    client = client_for(resident)

    def add(n):
        for _ in range(n):
            person = UserFactory(commune=commune, neighbourhood=neighbourhood, listed_as_helper=True)
            person.help_categories.set([categories["courses"], categories["transport"]])

    assert_constant_queries(lambda: client.get(URL), add, small=5, large=60)


def test_it_pages_the_list(client_for, resident, commune, neighbourhood):
    for _ in range(25):
        UserFactory(commune=commune, neighbourhood=neighbourhood, listed_as_helper=True)

    page = client_for(resident).get(URL, {"page": 2}).content.decode()

    assert "Page 2" in page and 'rel="prev"' in page


def test_a_request_author_writes_in_the_requests_private_conversation(
    client_for, resident, helper, categories, committing
):
    post = PostFactory(author=resident, category=categories["bricolage"])
    with committing():
        response = client_for(resident).post(
            f"{URL}{helper.public_id}/", {"post": post.reference, "body": "Mon vélo a un pneu crevé."}
        )

    conversation = Conversation.objects.get(post=post, replier=helper)
    assert response.status_code == 302 and response["Location"] == conversation.get_absolute_url()
    assert conversation.messages.get().sender == resident
    assert [m.to for m in mail.outbox] == [[helper.email]]
    assert "Mon vélo" not in mail.outbox[0].body
    # The helper answers in the same conversation, as a replier would.
    assert client_for(helper).get(conversation.get_absolute_url()).status_code == 200


def test_it_says_to_post_a_request_first(client_for, resident, helper):
    page = client_for(resident).get(f"{URL}{helper.public_id}/").content.decode()
    assert "/tableau/nouvelle/?kind=request" in page
    assert "<textarea" not in page


def test_it_refuses_an_offer_someone_elses_request_and_an_unlisted_person(
    client_for, resident, neighbour, helper, categories
):
    offer = PostFactory(author=resident, category=categories["bricolage"], offer=True)
    others = PostFactory(author=neighbour, category=categories["bricolage"])
    client = client_for(resident)

    for post in (offer, others):
        response = client.post(f"{URL}{helper.public_id}/", {"post": post.reference, "body": "Bonjour"})
        assert response.status_code == 400
    assert client.get(f"{URL}{neighbour.public_id}/").status_code == 404
    assert not Conversation.objects.exists()


def test_the_profile_explains_the_opt_in_and_saves_it(client_for, resident, categories):
    client = client_for(resident)
    page = client.get("/compte/profil/").content.decode()
    assert "Qui peut aider" in page and "jamais votre téléphone" in page.lower()

    client.post(
        "/compte/profil/",
        {
            "display_name": resident.display_name,
            "commune": resident.commune_id,
            "neighbourhood": resident.neighbourhood_id,
            "listed_as_helper": "on",
            "help_categories": [categories["courses"].pk],
        },
    )

    resident.refresh_from_db()
    assert resident.listed_as_helper
    assert list(resident.help_categories.all()) == [categories["courses"]]


def test_export_says_it_and_erasure_takes_the_person_off_the_list(helper):
    exported = privacy.export(helper)["profile"]
    assert exported["listed_as_helper"] is True and exported["help_categories"] == ["Bricolage"]

    erase_person(helper)

    helper.refresh_from_db()
    assert not helper.listed_as_helper
    assert not helper.help_categories.exists()
