"""Matching posts and people, notification preferences, digests, expiry and its reminder."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from entraide.board import services
from entraide.board.enums import Frequency, PostKind, PostStatus, Scope
from entraide.board.models import NotificationPreference, PendingNotification, Post

from ..factories import CommuneFactory, NeighbourhoodFactory, UserFactory
from .factories import PostFactory

pytestmark = pytest.mark.django_db


def publish(author, category, kind=PostKind.REQUEST, title="Un trajet pour Gaillac"):
    return services.publish_post(
        Post(
            kind=kind,
            title=title,
            category=category,
            commune=author.commune,
            neighbourhood=author.neighbourhood,
        ),
        author=author,
    )


def test_a_request_shows_matching_offers_and_people_nearest_first(
    client_for, resident, transport, territory, commune
):
    far_commune = CommuneFactory(territory=territory, name="Loupiac", insee_code="81149")
    far = UserFactory(commune=far_commune, display_name="Loin")
    same_commune = UserFactory(
        commune=commune, neighbourhood=NeighbourhoodFactory(commune=commune), display_name="Commune"
    )
    next_door = UserFactory(
        commune=commune,
        neighbourhood=resident.neighbourhood,
        display_name="Voisin",
        can_help_with="Transport, covoiturage",
    )
    PostFactory(author=far, category=transport, offer=True, title="Offre lointaine")
    PostFactory(author=same_commune, category=transport, offer=True, title="Offre de la commune")
    PostFactory(author=next_door, category=transport, offer=True, title="Offre d'à côté")
    request = PostFactory(author=resident, category=transport, title="Trajet pour Gaillac")
    assert [p.title for p in services.matching_posts(request)] == [
        "Offre d'à côté",
        "Offre de la commune",
        "Offre lointaine",
    ]
    assert [p.display_name for p in services.matching_people(request)] == ["Voisin"]
    page = client_for(resident).get(request.get_absolute_url()).text
    assert "Offre d&#x27;à côté" in page and "Voisin" in page


def test_an_offer_shows_the_open_requests_it_could_answer(resident, neighbour, transport, categories):
    PostFactory(author=neighbour, category=transport, title="Besoin d'un trajet")
    PostFactory(author=neighbour, category=categories["jardinage"], title="Tondre")
    PostFactory(author=neighbour, category=transport, title="Déjà pris", status=PostStatus.IN_PROGRESS)
    offer = PostFactory(author=resident, category=transport, offer=True)
    assert [p.title for p in services.matching_posts(offer)] == ["Besoin d'un trajet"]


def test_authors_of_matching_offers_are_told_at_once(resident, neighbour, transport, committing):
    PostFactory(author=neighbour, category=transport, offer=True)
    with committing():
        post = publish(resident, transport)
    [email] = mail.outbox
    assert email.to == [neighbour.email]
    assert post.reference in email.subject or post.title in email.subject
    assert f"/tableau/{post.reference}/" in email.body


def test_preferences_decide_who_hears_and_how(
    resident, transport, categories, commune, territory, committing
):
    at_once = UserFactory(commune=commune)
    NotificationPreference.objects.create(user=at_once, frequency=Frequency.IMMEDIATE)
    never = UserFactory(commune=commune)
    NotificationPreference.objects.create(user=never, frequency=Frequency.NEVER)
    gardening_only = UserFactory(commune=commune)
    NotificationPreference.objects.create(user=gardening_only).categories.add(categories["jardinage"])
    elsewhere = UserFactory(commune=CommuneFactory(territory=territory, insee_code="81220"))
    whole_territory = UserFactory(commune=elsewhere.commune)
    NotificationPreference.objects.create(user=whole_territory, scope=Scope.TERRITORY)
    default = UserFactory(commune=commune)
    with committing():
        post = publish(resident, transport)
    assert [e.to for e in mail.outbox] == [[at_once.email]]
    digest = set(PendingNotification.objects.filter(post=post).values_list("user", flat=True))
    assert digest == {whole_territory.pk, default.pk}


def test_the_preferences_page_saves_choices(client_for, resident, categories):
    client = client_for(resident)
    assert client.get("/tableau/preferences/").status_code == 200
    client.post(
        "/tableau/preferences/",
        {"frequency": "immediate", "scope": "territory", "categories": [categories["courses"].pk]},
    )
    preference = NotificationPreference.objects.get(user=resident)
    assert (preference.frequency, preference.scope) == ("immediate", "territory")
    assert list(preference.categories.all()) == [categories["courses"]]


def test_a_digest_goes_out_at_most_once_a_day(resident, neighbour, transport):
    first = PostFactory(author=resident, category=transport, title="Première")
    second = PostFactory(author=resident, category=transport, title="Deuxième")
    PendingNotification.objects.create(user=neighbour, post=first)
    PendingNotification.objects.create(user=neighbour, post=second)
    call_command("board", "send-digests")
    [email] = mail.outbox
    assert email.to == [neighbour.email]
    assert "Première" in email.body and "Deuxième" in email.body
    third = PostFactory(author=resident, category=transport, title="Troisième")
    PendingNotification.objects.create(user=neighbour, post=third)
    call_command("board", "send-digests")
    assert len(mail.outbox) == 1  # not twice the same day
    services.send_digests(now=timezone.now() + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2 and "Troisième" in mail.outbox[1].body


def test_expiry_reminds_a_week_before_then_expires(resident, transport):
    now = timezone.now()
    soon = PostFactory(
        author=resident, category=transport, title="Bientôt", expires_at=now + datetime.timedelta(days=5)
    )
    past = PostFactory(
        author=resident, category=transport, title="Passée", expires_at=now - datetime.timedelta(hours=1)
    )
    later = PostFactory(author=resident, category=transport, expires_at=now + datetime.timedelta(days=20))
    call_command("board", "expire")
    assert [e.to for e in mail.outbox] == [[resident.email]]
    assert soon.reference in mail.outbox[0].subject
    for post in (soon, past, later):
        post.refresh_from_db()
    assert (soon.status, past.status, later.status) == (PostStatus.OPEN, PostStatus.EXPIRED, PostStatus.OPEN)
    call_command("board", "expire")
    assert len(mail.outbox) == 1  # reminded once


def test_the_referents_hear_when_a_desk_post_is_about_to_expire(referent, assisted, transport):
    soon = timezone.now() + datetime.timedelta(days=3)
    post = PostFactory(author=assisted, category=transport, entered_by=referent, expires_at=soon)
    call_command("board", "expire")
    [email] = mail.outbox
    assert email.to == [referent.email]
    assert post.reference in email.subject
