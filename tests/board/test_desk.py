"""The referent's desk: posts for assisted persons, replies to relay, follow-up, moderation."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from entraide.board.enums import ModerationKind, PostStatus, Visibility
from entraide.board.models import Conversation, Message, ModerationAction, Post
from entraide.people.models import ProxyAction

from ..factories import CommuneFactory, UserFactory
from .factories import ConversationFactory, PostFactory

pytestmark = pytest.mark.django_db


def desk_post(client, person, category, commune, **changes):
    data = {
        "person": person.pk,
        "kind": "request",
        "title": "Accompagnement chez l'ophtalmologiste",
        "body": "Appel reçu à la mairie.",
        "category": category.pk,
        "commune": commune.pk,
        "when": "flexible",
        **changes,
    }
    return client.post("/accueil/annonces/nouvelle/", data)


@pytest.mark.parametrize("persona", ["resident", "coordinator", "outsider"])
def test_only_referents_reach_the_desk(client_for, request, persona):
    user = request.getfixturevalue(persona)
    for url in (
        "/accueil/",
        "/accueil/annonces/nouvelle/",
        "/accueil/boite/",
        "/accueil/suivi/",
        "/accueil/moderation/",
    ):
        assert client_for(user).get(url).status_code in (302, 403)


def test_a_referent_posts_for_an_assisted_person(
    client_for, referent, assisted, transport, commune, anonymous
):
    response = desk_post(client_for(referent), assisted, transport, commune)
    post = Post.objects.get()
    assert response.status_code == 302
    assert (post.author, post.entered_by) == (assisted, referent)
    assert ProxyAction.objects.filter(referent=referent, person=assisted).exists()
    # The public sees the person, not that a referent entered it for them (it would
    # point at a vulnerable person); referents see "saisi par … pour …".
    public = anonymous.get(post.get_absolute_url()).text
    assert "Germaine V." in public and "Anne Référente" not in public
    desk_view = client_for(referent).get(post.get_absolute_url()).text
    assert "saisi par Anne Référente pour Germaine V." in desk_view
    assert post.reference in client_for(referent).get("/accueil/").text


def test_a_referent_cannot_post_for_someone_with_a_login_or_of_another_commune(
    client_for, referent, resident, transport, commune, territory
):
    desk_post(client_for(referent), resident, transport, commune)
    other_commune = CommuneFactory(territory=territory, name="Loupiac", insee_code="81149")
    far = UserFactory(commune=other_commune, assisted=True)
    desk_post(client_for(referent), far, transport, other_commune)
    assert not Post.objects.exists()


def test_replies_to_desk_posts_land_in_the_inbox_and_the_referent_relays(
    client_for, referent, assisted, neighbour, transport, committing
):
    post = PostFactory(author=assisted, category=transport, entered_by=referent)
    with committing():
        client_for(neighbour).post(
            f"/tableau/{post.reference}/repondre/", {"body": "Je peux l'emmener jeudi."}
        )
    assert [email.to for email in mail.outbox] == [[referent.email]]
    conversation = Conversation.objects.get()
    desk = client_for(referent)
    assert conversation.get_absolute_url() in desk.get("/accueil/boite/").text
    assert "Je peux l&#x27;emmener jeudi." in desk.get(conversation.get_absolute_url()).text
    desk.post(conversation.get_absolute_url(), {"body": "Germaine dit oui, merci !"})
    relayed = Message.objects.get(body="Germaine dit oui, merci !")
    assert (relayed.sender, relayed.entered_by) == (assisted, referent)
    desk.post(f"{conversation.get_absolute_url()}accepter/")
    post.refresh_from_db()
    assert post.status == PostStatus.IN_PROGRESS


def test_unanswered_requests_reach_the_follow_up_list(client_for, referent, resident, transport):
    now = timezone.now()
    late = PostFactory(
        author=resident, category=transport, title="Sans réponse", created_at=now - datetime.timedelta(days=4)
    )
    fresh = PostFactory(
        author=resident,
        category=transport,
        title="Toute fraîche",
        created_at=now - datetime.timedelta(days=1),
    )
    urgent = PostFactory(
        author=resident,
        category=transport,
        title="Urgente",
        urgent=True,
        created_at=now - datetime.timedelta(hours=30),
    )
    answered = PostFactory(
        author=resident,
        category=transport,
        title="Déjà répondu",
        created_at=now - datetime.timedelta(days=5),
        first_reply_at=now,
    )
    page = client_for(referent).get("/accueil/suivi/").text
    assert late.title in page and urgent.title in page
    assert fresh.title not in page and answered.title not in page


def test_a_referent_hides_and_restores_with_a_logged_reason(
    client_for, referent, resident, transport, anonymous
):
    post = PostFactory(author=resident, category=transport, title="Douteuse")
    desk = client_for(referent)
    desk.post(f"/accueil/moderation/{post.reference}/", {"kind": "hide", "reason": "Vente déguisée"})
    post.refresh_from_db()
    assert post.visibility == Visibility.HIDDEN
    assert "Douteuse" not in anonymous.get("/tableau/").text
    desk.post(
        f"/accueil/moderation/{post.reference}/", {"kind": "restore", "reason": "Clarifié avec l'auteur"}
    )
    post.refresh_from_db()
    assert post.visibility == Visibility.VISIBLE
    assert list(ModerationAction.objects.values_list("kind", "reason", "moderator")) == [
        (ModerationKind.RESTORE, "Clarifié avec l'auteur", referent.pk),
        (ModerationKind.HIDE, "Vente déguisée", referent.pk),
    ]
    assert "Vente déguisée" in desk.get("/accueil/moderation/").text


def test_a_moderation_without_reason_changes_nothing(client_for, referent, resident, transport):
    post = PostFactory(author=resident, category=transport)
    client_for(referent).post(f"/accueil/moderation/{post.reference}/", {"kind": "hide", "reason": ""})
    post.refresh_from_db()
    assert post.visibility == Visibility.VISIBLE
    assert not ModerationAction.objects.exists()


def test_suspending_deactivates_the_account_and_hides_its_open_posts(
    client_for, referent, resident, transport
):
    post = PostFactory(author=resident, category=transport)
    other = PostFactory(author=resident, category=transport)
    client_for(referent).post(
        f"/accueil/moderation/{post.reference}/", {"kind": "suspend", "reason": "Arnaques répétées"}
    )
    resident.refresh_from_db()
    other.refresh_from_db()
    post.refresh_from_db()
    assert not resident.is_active
    assert other.visibility == post.visibility == Visibility.HIDDEN
    assert ModerationAction.objects.get().person == resident


def test_a_referent_of_another_commune_cannot_moderate(client_for, resident, transport, territory):
    from ..factories import RoleFactory

    other_commune = CommuneFactory(territory=territory, name="Loupiac", insee_code="81149")
    far_referent = UserFactory(commune=other_commune)
    RoleFactory(user=far_referent, commune=other_commune)
    post = PostFactory(author=resident, category=transport)
    response = client_for(far_referent).post(
        f"/accueil/moderation/{post.reference}/", {"kind": "hide", "reason": "x"}
    )
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.visibility == Visibility.VISIBLE


def test_held_posts_are_approved_from_the_queue(client_for, referent, resident, transport, anonymous):
    post = PostFactory(author=resident, category=transport, title="En attente", visibility=Visibility.PENDING)
    desk = client_for(referent)
    assert "En attente" in desk.get("/accueil/moderation/").text
    desk.post(f"/accueil/moderation/{post.reference}/", {"kind": "approve", "reason": "Conforme"})
    assert "En attente" in anonymous.get("/tableau/").text


def test_the_desk_finds_a_post_by_the_reference_given_on_the_phone(client_for, referent, resident, transport):
    post = PostFactory(author=resident, category=transport, title="Au téléphone")
    PostFactory(author=resident, category=transport, title="Une autre")
    page = client_for(referent).get(f"/tableau/?q={post.reference.lower()}").text
    assert post.title in page and "Une autre" not in page


def test_the_desk_pages_run_a_constant_number_of_queries(
    client_for, referent, assisted, transport, neighbour
):
    from ..helpers import assert_constant_queries

    def add(n):
        for _ in range(n):
            post = PostFactory(
                author=assisted,
                category=transport,
                entered_by=referent,
                created_at=timezone.now() - datetime.timedelta(days=5),
            )
            ConversationFactory(post=post, replier=neighbour)

    desk = client_for(referent)
    assert_constant_queries(lambda: desk.get("/accueil/"), add, small=3, large=25)
    assert_constant_queries(lambda: desk.get("/accueil/boite/"), add, small=3, large=25)


def test_a_warning_reaches_the_author_by_email_and_is_logged(
    client_for, referent, resident, transport, committing
):
    post = PostFactory(author=resident, category=transport)
    with committing():
        client_for(referent).post(
            f"/accueil/moderation/{post.reference}/",
            {"kind": "warn", "reason": "Pas de vente sur le tableau"},
        )
    [email] = mail.outbox
    assert email.to == [resident.email]
    assert "Pas de vente sur le tableau" in email.body
    assert ModerationAction.objects.get().person == resident


def test_the_referent_answers_for_the_author_and_never_replies_to_their_own_desk_post(
    client_for, referent, assisted, neighbour, transport
):
    post = PostFactory(author=assisted, category=transport, entered_by=referent)
    desk = client_for(referent)
    assert f"/tableau/{post.reference}/repondre/" not in desk.get(post.get_absolute_url()).text
    desk.post(f"/tableau/{post.reference}/repondre/", {"body": "Moi-même"})
    assert not Conversation.objects.exists()
    conversation = ConversationFactory(post=post, replier=neighbour)
    message = Message.objects.create(
        conversation=conversation, sender=assisted, entered_by=referent, body="Oui"
    )
    page = desk.get(conversation.get_absolute_url()).text
    assert f"/tableau/messages/{message.public_id}/signaler/" not in page


def test_warning_about_a_reported_message_reaches_its_sender(
    client_for, referent, resident, neighbour, transport
):
    from entraide.board.models import Report

    post = PostFactory(author=resident, category=transport)
    message = Message.objects.create(
        conversation=ConversationFactory(post=post, replier=neighbour), sender=neighbour, body="Grossier"
    )
    report = Report.objects.create(
        territory=post.territory, reporter=resident, post=post, message=message, reason="x"
    )
    client_for(referent).post(
        f"/accueil/moderation/{post.reference}/",
        {"kind": "suspend", "reason": "Messages grossiers", "report": str(report.public_id)},
    )
    neighbour.refresh_from_db()
    resident.refresh_from_db()
    assert not neighbour.is_active and resident.is_active
