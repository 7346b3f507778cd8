"""The private note on an exchange: each side writes theirs, a referent writes it for an assisted person."""

import pytest
from django.core.exceptions import ValidationError

from entraide.board import services
from entraide.board.models import Exchange, ExchangeNote
from entraide.people.enums import RoleKind
from entraide.people.models import ProxyAction

from ..factories import CommuneFactory, RoleFactory, UserFactory
from .factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchange(assisted, neighbour, referent, transport):
    post = PostFactory(author=assisted, category=transport, entered_by=referent)
    return Exchange.objects.create(
        territory=post.territory, post=post, helper=neighbour, receiver=assisted, category=transport
    )


def note_url(exchange):
    return f"/tableau/echanges/{exchange.public_id}/note/"


def test_it_lets_the_referent_write_the_note_for_the_assisted_person(
    client_for, referent, assisted, exchange
):
    response = client_for(referent).post(
        note_url(exchange), {"person": str(assisted.public_id), "body": "Germaine est ravie."}
    )
    assert response.status_code == 302 and response["Location"] == "/accueil/echanges/"
    note = ExchangeNote.objects.get()
    assert (note.author, note.entered_by, note.body) == (assisted, referent, "Germaine est ravie.")
    assert ProxyAction.objects.filter(referent=referent, person=assisted).exists()
    page = client_for(referent).get("/accueil/echanges/").text
    assert "Germaine est ravie." in page
    assert '<span class="entered-by">' in page and "Anne Référente" in page


def test_it_offers_the_referent_a_note_form_only_for_the_assisted_side(
    client_for, referent, assisted, neighbour, exchange
):
    page = client_for(referent).get("/accueil/echanges/").text
    assert f'value="{assisted.public_id}"' in page
    assert f'value="{neighbour.public_id}"' not in page


def test_it_refuses_a_note_for_a_side_the_referent_does_not_speak_for(
    client_for, referent, neighbour, exchange
):
    response = client_for(referent).post(
        note_url(exchange), {"person": str(neighbour.public_id), "body": "Écrit à sa place"}
    )
    assert response.status_code == 404
    assert not ExchangeNote.objects.exists()


def test_it_refuses_a_referent_of_another_commune(client_for, territory, assisted, exchange):
    other = CommuneFactory(territory=territory, name="Loupiac", insee_code="81149")
    far_referent = UserFactory(commune=other)
    RoleFactory(user=far_referent, kind=RoleKind.REFERENT, commune=other)
    response = client_for(far_referent).post(
        note_url(exchange), {"person": str(assisted.public_id), "body": "Pas ma commune"}
    )
    assert response.status_code == 404
    assert not ExchangeNote.objects.exists()


def test_it_refuses_someone_who_took_no_part(client_for, resident, exchange):
    response = client_for(resident).post(note_url(exchange), {"body": "Je n'y étais pas"})
    assert response.status_code == 404
    assert not ExchangeNote.objects.exists()


def test_the_helper_writes_their_own_note_without_an_entered_by(client_for, neighbour, exchange):
    response = client_for(neighbour).post(note_url(exchange), {"body": "Très bon accueil"})
    assert response["Location"] == "/tableau/mes-annonces/"
    note = ExchangeNote.objects.get()
    assert (note.author, note.entered_by) == (neighbour, None)


def test_an_empty_note_is_refused_and_nothing_stored(client_for, referent, assisted, exchange):
    client_for(referent).post(note_url(exchange), {"person": str(assisted.public_id), "body": "   "})
    assert not ExchangeNote.objects.exists()
    with pytest.raises(ValidationError):
        services.add_exchange_note(exchange, author=UserFactory(), body="Pas partie prenante")
    assert not ExchangeNote.objects.exists()


def test_the_note_given_when_the_referent_records_the_help_is_marked_as_entered_by_them(
    client_for, referent, assisted, neighbour, transport
):
    from django.utils import timezone

    from .factories import ConversationFactory

    post = PostFactory(author=assisted, category=transport, entered_by=referent)
    conversation = ConversationFactory(post=post, replier=neighbour)
    client_for(referent).post(
        f"/tableau/{post.reference}/fait/",
        {
            "conversation": str(conversation.public_id),
            "happened_on": timezone.localdate().isoformat(),
            "note": "Contente",
        },
    )
    note = ExchangeNote.objects.get()
    assert (note.author, note.entered_by) == (assisted, referent)
