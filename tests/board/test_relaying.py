"""Relaying for a person without internet (issue 9 item 4): the referent finds her phone and her
page from the inbox, the conversation says who answers for whom, sharing shares her number, the
referent blocks on her behalf and posts for her; only her referents see her phone."""

import pytest

from entraide.board.models import Block, Conversation
from entraide.people.models import ProxyAction

from ..factories import CommuneFactory, RoleFactory, UserFactory
from .factories import ConversationFactory, MessageFactory, PostFactory

pytestmark = pytest.mark.django_db

PHONE = "06 12 34 56 78"


@pytest.fixture
def raymonde(commune, neighbourhood):
    return UserFactory(
        commune=commune, neighbourhood=neighbourhood, assisted=True, display_name="Raymonde P.", phone=PHONE
    )


@pytest.fixture
def conversation(raymonde, resident, referent):
    """Sophie L. (resident) answered a post the referent entered for Raymonde."""
    post = PostFactory(author=raymonde, entered_by=referent, title="Courses du jeudi")
    conv = ConversationFactory(post=post, replier=resident)
    MessageFactory(conversation=conv, sender=resident, body="Je peux passer jeudi.")
    return conv


@pytest.fixture
def other_referent(territory):
    loupiac = CommuneFactory(territory=territory, name="Loupiac", insee_code="81147")
    user = UserFactory(commune=loupiac, display_name="Louise Référente")
    RoleFactory(user=user, kind="referent", commune=loupiac)
    return user


def test_the_inbox_shows_her_phone_and_a_link_to_her_page(client_for, referent, raymonde, conversation):
    page = client_for(referent).get("/accueil/boite/").text
    assert f'href="tel:0612345678">{PHONE}</a>' in page
    assert f'href="/accueil/personnes/{raymonde.public_id}/"' in page
    assert conversation.get_absolute_url() in page


@pytest.mark.parametrize("persona", ["resident", "neighbour", "other_referent", "coordinator"])
def test_only_her_referent_sees_her_phone(request, client_for, persona, conversation):
    client = client_for(request.getfixturevalue(persona))
    for url in ("/accueil/boite/", conversation.get_absolute_url(), "/accueil/", "/tableau/mes-annonces/"):
        response = client.get(url)
        assert PHONE not in response.content.decode(), (persona, url)


def test_the_conversation_says_the_referent_answers_for_her(client_for, referent, conversation):
    page = client_for(referent).get(conversation.get_absolute_url()).text
    assert "Conversation avec Sophie L." in page
    assert "(pour Raymonde P., saisi par le ou la référent·e)" in page
    assert "Vous répondez pour Raymonde P." in page
    assert f'href="tel:0612345678">{PHONE}</a>' in page
    assert "Partager les coordonnées de Raymonde P." in page
    assert "Bloquer Sophie L. pour Raymonde P." in page


def test_the_replier_sees_no_relay_notice_nor_her_phone(client_for, resident, conversation):
    page = client_for(resident).get(conversation.get_absolute_url()).text
    assert "Vous répondez pour" not in page and PHONE not in page
    assert "Partager mes coordonnées" in page


def test_sharing_in_her_name_shares_her_number_and_is_recorded(
    client_for, referent, resident, raymonde, conversation
):
    response = client_for(referent).post(
        f"/tableau/conversations/{conversation.public_id}/partager/", follow=True
    )
    assert "Raymonde P." in response.text
    conversation.refresh_from_db()
    assert conversation.author_shares_contact and not conversation.replier_shares_contact
    assert ProxyAction.objects.filter(
        referent=referent, person=raymonde, summary__contains="coordonnées"
    ).exists()
    client_for(resident).post(f"/tableau/conversations/{conversation.public_id}/partager/")
    assert Conversation.objects.get(pk=conversation.pk).contacts_shared
    # The replier then sees Raymonde's number, never the referent's.
    page = client_for(resident).get(conversation.get_absolute_url()).text
    assert PHONE in page and referent.email not in page


def test_the_referent_blocks_someone_on_her_behalf(client_for, referent, resident, raymonde, conversation):
    response = client_for(referent).post(
        f"/tableau/conversations/{conversation.public_id}/bloquer/", follow=True
    )
    assert "Sophie L. ne peut plus envoyer de messages à Raymonde P." in response.text
    assert Block.objects.filter(blocker=raymonde, blocked=resident).exists()
    assert not Block.objects.filter(blocker=referent).exists()
    assert ProxyAction.objects.filter(
        referent=referent, person=raymonde, summary__contains="Sophie L."
    ).exists()
    # Blocking twice records it once.
    client_for(referent).post(f"/tableau/conversations/{conversation.public_id}/bloquer/")
    assert (
        ProxyAction.objects.filter(referent=referent, person=raymonde, summary__contains="Sophie L.").count()
        == 1
    )


def test_a_resident_blocking_records_no_proxy_action(client_for, resident, conversation):
    client_for(resident).post(f"/tableau/conversations/{conversation.public_id}/bloquer/")
    assert Block.objects.filter(blocker=resident).exists() and not ProxyAction.objects.exists()


def test_her_page_offers_to_post_for_her_prefilled(client_for, referent, raymonde):
    page = client_for(referent).get(f"/accueil/personnes/{raymonde.public_id}/").text
    link = f"/accueil/annonces/nouvelle/?pour={raymonde.public_id}"
    assert f'href="{link}"' in page and "Publier pour Raymonde P." in page
    form = client_for(referent).get(link).text
    select = form.split('name="person"', 1)[1].split("</select>", 1)[0]
    assert f'value="{raymonde.pk}" selected' in select


def test_a_bad_or_foreign_person_prefills_nothing(client_for, referent, other_referent, territory):
    loupiac_person = UserFactory(commune=other_referent.commune, assisted=True, display_name="Hors commune")
    for value in ("pas-un-uuid", str(loupiac_person.public_id)):
        response = client_for(referent).get(f"/accueil/annonces/nouvelle/?pour={value}")
        assert response.status_code == 200 and "Hors commune" not in response.text
