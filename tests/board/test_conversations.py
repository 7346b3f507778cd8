"""Replying privately, accepting, sharing contacts, blocking, and recording the help."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from entraide.board.enums import PostStatus
from entraide.board.models import Block, Conversation, Exchange, ExchangeNote, Message

from ..factories import UserFactory
from ..helpers import assert_errors_focused
from .factories import ConversationFactory, MessageFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(resident, transport):
    return PostFactory(author=resident, category=transport, title="Trajet pour Gaillac")


def reply(client, post, body="Je peux vous emmener mardi."):
    return client.post(f"/tableau/{post.reference}/repondre/", {"body": body})


def test_replying_opens_a_private_conversation_and_emails_a_link_without_the_text(
    client_for, post, neighbour, resident, committing
):
    with committing():
        response = reply(client_for(neighbour), post, "Mon message très personnel")
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == conversation.get_absolute_url()
    assert (conversation.post, conversation.replier) == (post, neighbour)
    assert Message.objects.get().body == "Mon message très personnel"
    post.refresh_from_db()
    assert post.first_reply_at is not None
    [email] = mail.outbox
    assert email.to == [resident.email]
    assert conversation.get_absolute_url() in email.body
    assert "très personnel" not in email.body and "très personnel" not in email.subject


def test_only_the_two_parties_see_the_conversation(
    client_for, post, neighbour, resident, referent, anonymous
):
    reply(client_for(neighbour), post)
    url = Conversation.objects.get().get_absolute_url()
    assert client_for(neighbour).get(url).status_code == 200
    assert client_for(resident).get(url).status_code == 200
    third = UserFactory(commune=resident.commune)
    assert client_for(third).get(url).status_code == 404
    assert client_for(referent).get(url).status_code == 404  # not an assisted person's post
    assert anonymous.get(url).status_code == 302


def test_anonymous_visitors_must_log_in_to_reply(anonymous, post):
    response = reply(anonymous, post)
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert not Conversation.objects.exists()


@pytest.mark.parametrize("body", ["", "   ", "x" * 10_000, "<script>alert(1)</script>"])
def test_bad_replies_store_nothing(client_for, post, neighbour, body):
    client = client_for(neighbour)
    response = reply(client, post, body)
    assert response.status_code == 400
    assert not Conversation.objects.exists() and not Message.objects.exists()
    # The error stays on the post's page, tied to the message box, and the summary takes the focus.
    page = response.text
    assert_errors_focused(page)
    assert '<a href="#id_body">Votre message</a>' in page
    assert 'aria-invalid="true" aria-describedby="id_body_helptext id_body_error"' in page
    assert 'class="message message-error"' not in page


def test_one_cannot_reply_to_ones_own_post(client_for, post, resident):
    client = client_for(resident)
    response = reply(client, post)
    assert not Conversation.objects.exists()
    assert "Vous ne pouvez pas répondre à votre propre annonce." in client.get(response["Location"]).text


@pytest.mark.parametrize("status", [PostStatus.IN_PROGRESS, PostStatus.DONE, PostStatus.WITHDRAWN])
def test_one_cannot_reply_to_a_closed_post(client_for, post, neighbour, status):
    post.status = status
    post.save()
    reply(client_for(neighbour), post)
    assert not Conversation.objects.exists()


def test_a_double_submission_stores_one_message(client_for, post, neighbour):
    client = client_for(neighbour)
    reply(client, post)
    reply(client, post)
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 1


def test_the_author_accepts_and_the_post_moves_to_in_progress(
    client_for, post, neighbour, resident, anonymous, committing
):
    reply(client_for(neighbour), post)
    conversation = Conversation.objects.get()
    mail.outbox.clear()  # the reply's own email, queued with the reply
    with committing():
        response = client_for(resident).post(f"{conversation.get_absolute_url()}accepter/")
    assert response.status_code == 302
    post.refresh_from_db()
    conversation.refresh_from_db()
    assert post.status == PostStatus.IN_PROGRESS and conversation.accepted_at
    assert mail.outbox[0].to == [neighbour.email]
    assert "quelqu’un aide déjà" in anonymous.get("/tableau/").text
    # Accepting twice, or by the replier, changes nothing.
    assert client_for(neighbour).post(f"{conversation.get_absolute_url()}accepter/").status_code == 403


def test_messages_go_both_ways_and_notify_without_text(client_for, post, neighbour, resident, committing):
    reply(client_for(neighbour), post)
    conversation = Conversation.objects.get()
    assert mail.outbox[0].to == [resident.email]  # queued in the reply's own transaction
    mail.outbox.clear()
    with committing():
        client_for(resident).post(conversation.get_absolute_url(), {"body": "Mardi 9 h, c'est parfait"})
    assert Message.objects.filter(sender=resident).exists()
    assert mail.outbox[0].to == [neighbour.email]
    assert "parfait" not in mail.outbox[0].body
    page = client_for(neighbour).get(conversation.get_absolute_url()).text
    assert "Mardi 9 h, c&#x27;est parfait" in page


def test_contact_details_show_only_when_both_share(client_for, post, neighbour, resident):
    resident.phone = "06 11 22 33 44"
    resident.save()
    reply(client_for(neighbour), post)
    conversation = Conversation.objects.get()
    url = conversation.get_absolute_url()
    client_for(resident).post(f"{url}partager/")
    assert "06 11 22 33 44" not in client_for(neighbour).get(url).text
    client_for(neighbour).post(f"{url}partager/")
    assert "06 11 22 33 44" in client_for(neighbour).get(url).text
    assert neighbour.email in client_for(resident).get(url).text


def test_a_blocked_person_can_no_longer_write(client_for, post, neighbour, resident, transport):
    reply(client_for(neighbour), post)
    conversation = Conversation.objects.get()
    client_for(resident).post(f"{conversation.get_absolute_url()}bloquer/")
    assert Block.objects.filter(blocker=resident, blocked=neighbour).exists()
    response = client_for(neighbour).post(conversation.get_absolute_url(), {"body": "Encore moi"})
    assert response.status_code == 400
    assert not Message.objects.filter(body="Encore moi").exists()
    other_post = PostFactory(author=resident, category=transport)
    reply(client_for(neighbour), other_post)
    assert not Conversation.objects.filter(post=other_post).exists()


def test_the_author_marks_it_done_and_an_exchange_is_recorded(
    client_for, post, neighbour, resident, referent
):
    reply(client_for(neighbour), post)
    conversation = Conversation.objects.get()
    client_for(resident).post(f"{conversation.get_absolute_url()}accepter/")
    today = timezone.localdate()
    response = client_for(resident).post(
        f"/tableau/{post.reference}/fait/",
        {
            "conversation": str(conversation.public_id),
            "happened_on": today.isoformat(),
            "duration_minutes": "90",
            "note": "Très ponctuel",
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.DONE
    exchange = Exchange.objects.get()
    assert (exchange.helper, exchange.receiver, exchange.category, exchange.post) == (
        neighbour,
        resident,
        post.category,
        post,
    )
    assert (exchange.happened_on, exchange.duration_minutes) == (today, 90)
    assert (exchange.helper_neighbourhood, exchange.receiver_neighbourhood) == (
        neighbour.neighbourhood,
        resident.neighbourhood,
    )
    note = ExchangeNote.objects.get()
    assert (note.author, note.body) == (resident, "Très ponctuel")
    # The note is private: not on the post page, but at the referents' desk.
    assert "Très ponctuel" not in client_for(neighbour).get(post.get_absolute_url()).text
    assert "Très ponctuel" in client_for(referent).get("/accueil/echanges/").text
    # The helper adds their own note.
    client_for(neighbour).post(
        f"/tableau/echanges/{exchange.public_id}/note/", {"body": "Accueil chaleureux"}
    )
    assert ExchangeNote.objects.filter(exchange=exchange, author=neighbour).exists()


def test_an_offer_done_records_the_author_as_helper(client_for, resident, neighbour, transport):
    offer = PostFactory(author=resident, category=transport, offer=True)
    conversation = ConversationFactory(post=offer, replier=neighbour)
    client_for(resident).post(
        f"/tableau/{offer.reference}/fait/",
        {"conversation": str(conversation.public_id), "happened_on": timezone.localdate().isoformat()},
    )
    exchange = Exchange.objects.get()
    assert (exchange.helper, exchange.receiver) == (resident, neighbour)
    offer.refresh_from_db()
    assert offer.status == PostStatus.DONE


def test_a_weekly_offer_stays_on_the_board_after_one_help(client_for, resident, neighbour, transport):
    offer = PostFactory(author=resident, category=transport, offer=True, when="weekly", when_weekday=1)
    conversation = ConversationFactory(post=offer, replier=neighbour)
    client_for(resident).post(
        f"/tableau/{offer.reference}/fait/",
        {"conversation": str(conversation.public_id), "happened_on": timezone.localdate().isoformat()},
    )
    assert Exchange.objects.filter(post=offer, helper=resident, receiver=neighbour).count() == 1
    offer.refresh_from_db()
    assert offer.status != PostStatus.DONE


@pytest.mark.parametrize(
    "changes",
    [
        {"happened_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
        {"duration_minutes": "0"},
        {"duration_minutes": "5000"},
        {"conversation": "not-a-choice"},
    ],
)
def test_marking_done_refuses_bad_input(client_for, post, neighbour, resident, changes):
    conversation = ConversationFactory(post=post, replier=neighbour)
    data = {
        "conversation": str(conversation.public_id),
        "happened_on": timezone.localdate().isoformat(),
        **changes,
    }
    response = client_for(resident).post(f"/tableau/{post.reference}/fait/", data)
    assert response.status_code == 400
    assert not Exchange.objects.exists()
    post.refresh_from_db()
    assert post.status == PostStatus.OPEN


def test_only_the_author_marks_done_and_the_helper_proposes(client_for, post, neighbour, resident):
    conversation = ConversationFactory(post=post, replier=neighbour, accepted_at=timezone.now())
    post.status = PostStatus.IN_PROGRESS
    post.save()
    assert client_for(neighbour).get(f"/tableau/{post.reference}/fait/").status_code == 403
    client_for(neighbour).post(f"{conversation.get_absolute_url()}c-est-fait/")
    conversation.refresh_from_db()
    assert conversation.done_proposed_at
    assert "indique que l’aide a eu lieu" in client_for(resident).get(post.get_absolute_url()).text


def test_messages_and_posts_can_be_reported(client_for, post, neighbour, resident, referent, committing):
    message = MessageFactory(conversation=ConversationFactory(post=post, replier=neighbour), sender=neighbour)
    response = client_for(resident).post(
        f"/tableau/messages/{message.public_id}/signaler/", {"reason": "Insultant"}
    )
    assert response.status_code == 302
    third = UserFactory(commune=resident.commune)
    assert client_for(third).get(f"/tableau/messages/{message.public_id}/signaler/").status_code == 404
    with committing():
        client_for(third).post(f"/tableau/{post.reference}/signaler/", {"reason": "Arnaque"})
    assert referent.email in [to for email in mail.outbox for to in email.to]
    page = client_for(referent).get("/accueil/moderation/").text
    assert "Insultant" in page and "Arnaque" in page


def test_the_post_page_of_its_author_runs_a_constant_number_of_queries(client_for, post, resident, transport):
    from ..helpers import assert_constant_queries

    def add(n):
        for _ in range(n):
            offer = PostFactory(author=UserFactory(commune=resident.commune), category=transport, offer=True)
            ConversationFactory(post=post, replier=offer.author)

    client = client_for(resident)
    assert_constant_queries(lambda: client.get(post.get_absolute_url()), add, small=3, large=30)


def test_the_author_is_asked_to_confirm_when_the_helper_says_it_happened(
    client_for, post, neighbour, resident, committing
):
    conversation = ConversationFactory(post=post, replier=neighbour, accepted_at=timezone.now())
    post.status = PostStatus.IN_PROGRESS
    post.save()
    with committing():
        client_for(neighbour).post(f"{conversation.get_absolute_url()}c-est-fait/")
    [email] = mail.outbox
    assert email.to == [resident.email]
    assert f"/tableau/{post.reference}/fait/" in email.body


def test_hiding_a_reported_message_hides_it_from_both(client_for, post, neighbour, resident, referent):
    message = MessageFactory(conversation=ConversationFactory(post=post, replier=neighbour), body="Injure")
    client_for(resident).post(f"/tableau/messages/{message.public_id}/signaler/", {"reason": "Insultant"})
    from entraide.board.models import Report

    report = Report.objects.get()
    client_for(referent).post(
        f"/accueil/moderation/{post.reference}/",
        {"kind": "hide", "reason": "Insulte", "report": str(report.public_id)},
    )
    message.refresh_from_db()
    report.refresh_from_db()
    assert message.hidden and report.resolved_at
    assert "Injure" not in client_for(resident).get(message.conversation.get_absolute_url()).text
    post.refresh_from_db()
    assert post.visibility == "visible"  # the message is hidden, not the post


def test_my_page_runs_a_constant_number_of_queries(client_for, resident, neighbour, transport):
    from ..helpers import assert_constant_queries

    def add(n):
        for _ in range(n):
            mine = PostFactory(author=resident, category=transport)
            theirs = PostFactory(author=neighbour, category=transport)
            ConversationFactory(post=theirs, replier=resident)
            Exchange.objects.create(
                territory=resident.territory, helper=neighbour, receiver=resident, post=mine
            )

    client = client_for(resident)
    assert_constant_queries(lambda: client.get("/tableau/mes-annonces/"), add, small=3, large=25)
