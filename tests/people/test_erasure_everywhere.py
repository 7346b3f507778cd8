"""A resident with data in every app: their export holds all of it; after erasure, none of their
texts remain anywhere in the database, public or private, and the time bank still balances."""

import datetime
import json
import uuid

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from entraide.board.enums import ModerationKind, PostStatus
from entraide.board.models import (
    Block,
    Exchange,
    ExchangeNote,
    ModerationAction,
    NotificationPreference,
    Post,
    Report,
)
from entraide.diagnosis.enums import NeedState
from entraide.diagnosis.models import Need
from entraide.directory.enums import Publication
from entraide.directory.models import Correction, Initiative
from entraide.people.models import User
from entraide.people.services import erase_person, export_personal_data
from entraide.timebank import services as timebank
from entraide.timebank.checks import check_ledger
from entraide.timebank.models import Account

from ..board.factories import ConversationFactory, MessageFactory, PostFactory
from ..diagnosis.factories import NeedFactory
from ..directory.factories import HolderFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

# What the resident wrote: each text carries one of these, so that a copy anywhere is found.
MARKS = {
    name: f"zqx-{name}-{uuid.uuid4().hex[:8]}"
    for name in (
        "name",
        "email",
        "phone",
        "presentation",
        "help",
        "open-title",
        "open-body",
        "done-title",
        "message",
        "message-on-own-post",
        "report",
        "note",
        "moderation",
        "claim",
        "role",
        "correction",
        "proposal",
        "suggestion",
    )
}


def _text_values():
    """Every text stored in the database: each char, text and JSON column of every model."""
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._base_manager.values_list(*fields):
            for value in row:
                if value:
                    yield model._meta.label, str(value)


def _found(marks) -> set[tuple[str, str]]:
    return {(label, mark) for label, text in _text_values() for mark in marks if mark in text}


@pytest.fixture
def busy_resident(resident, neighbour, referent, commune):
    m = MARKS
    resident.display_name = m["name"][:60]
    resident.email = f"{m['email']}@example.org".lower()
    resident.phone = m["phone"][:20]
    resident.presentation = m["presentation"]
    resident.can_help_with = m["help"]
    resident.last_login = timezone.now()
    resident.save()
    resident.emailaddress_set.update(email=resident.email)

    # Board: an open post, a finished one, a conversation each way, a report, a block, an exchange.
    open_post = PostFactory(author=resident, title=m["open-title"], body=m["open-body"])
    PostFactory(author=resident, title=m["done-title"], status=PostStatus.DONE)
    neighbours_post = PostFactory(author=neighbour, title="Tondre la pelouse")
    MessageFactory(
        conversation=ConversationFactory(post=neighbours_post, replier=resident),
        sender=resident,
        body=m["message"],
    )
    on_own = ConversationFactory(post=open_post, replier=neighbour)
    MessageFactory(conversation=on_own, sender=neighbour, body="Je peux passer samedi.")
    MessageFactory(conversation=on_own, sender=resident, body=m["message-on-own-post"])
    Report.objects.create(
        territory=resident.territory, reporter=resident, post=neighbours_post, reason=m["report"]
    )
    Block.objects.create(territory=resident.territory, blocker=resident, blocked=neighbour)
    exchange = Exchange.objects.create(territory=resident.territory, helper=resident, receiver=neighbour)
    ExchangeNote.objects.create(exchange=exchange, author=resident, body=m["note"])
    NotificationPreference.objects.create(user=resident)
    ModerationAction.objects.create(
        territory=resident.territory,
        moderator=referent,
        kind=ModerationKind.WARN,
        person=resident,
        reason=m["moderation"],
    )

    # Time bank: an account, hours received, a recorded help awaiting confirmation.
    for person in (resident, neighbour):
        timebank.open_account(person)
    timebank.give(
        giver=neighbour,
        payee=Account.objects.get(owner=resident),
        minutes=60,
        description="Merci pour le jardin",
        idempotency_key=uuid.uuid4(),
    )
    timebank.record_claim(
        helper=resident,
        receiver=neighbour,
        minutes=90,
        happened_on=timezone.localdate() - datetime.timedelta(days=1),
        description=m["claim"],
        idempotency_key=uuid.uuid4(),
    )

    # Directory: a role, a correction, an unpublished proposal, a published one.
    published = InitiativeFactory(commune=commune, proposed_by=resident, name="Les jardins partagés")
    HolderFactory(initiative=published, user=resident, role=m["role"])
    Correction.objects.create(
        initiative=published,
        proposed_by=resident,
        data={"description": m["correction"]},
        note=m["correction"],
    )
    InitiativeFactory(
        commune=commune, proposed_by=resident, description=m["proposal"], publication=Publication.PROPOSED
    )

    # Diagnosis: a suggestion not yet recorded, and one a referent recorded.
    NeedFactory(
        commune=commune, suggested_by=resident, state=NeedState.SUGGESTED, description=m["suggestion"]
    )
    NeedFactory(commune=commune, suggested_by=resident, recorded_by=referent, description="Un besoin retenu")
    return resident


def _checked_marks() -> dict[str, str]:
    return {name: mark[:20] for name, mark in MARKS.items()}


def test_the_export_holds_everything_the_resident_wrote(busy_resident):
    exported = json.dumps(export_personal_data(busy_resident), ensure_ascii=False)
    missing = [name for name, mark in _checked_marks().items() if mark not in exported]
    assert missing == []
    data = export_personal_data(busy_resident)
    assert {"people", "board", "timebank", "directory", "diagnosis"} <= set(data)
    assert data["timebank"]["account"]["balance_minutes"] == 60


def test_erasure_leaves_none_of_their_texts_anywhere(busy_resident, neighbour):
    marks = list(_checked_marks().values())
    assert _found(marks)  # the search does find them before
    account = Account.objects.get(owner=busy_resident)

    erase_person(busy_resident)

    assert _found(marks) == set()
    person = User.objects.get(pk=busy_resident.pk)
    assert not person.is_active and person.email is None and person.last_login is None
    # Nothing of theirs left public.
    assert not Post.objects.filter(author=person).public().exists()
    assert set(Post.objects.filter(author=person).values_list("status", flat=True)) == {
        PostStatus.WITHDRAWN,
        PostStatus.DONE,
    }
    # What others' records need stays: the neighbour's conversation and message, the exchange.
    assert Exchange.objects.filter(helper=person, receiver=neighbour).exists()
    assert Post.objects.get(title="Tondre la pelouse").conversations.count() == 1
    assert "Je peux passer samedi." in [text for _label, text in _text_values()]
    # The ledger stays exact: the account is frozen with its balance, and the bank balances.
    account.refresh_from_db()
    assert account.balance_minutes == 60
    assert account.is_frozen
    assert check_ledger([person.territory]) == []
    # A published entry is the initiative's: it stays, no longer linked to them.
    assert Initiative.objects.filter(name="Les jardins partagés", proposed_by=None).exists()
    assert Need.objects.filter(description="Un besoin retenu", suggested_by=None).exists()


def test_erasing_twice_changes_nothing_more(busy_resident):
    erase_person(busy_resident)
    person = User.objects.get(pk=busy_resident.pk)
    erase_person(person)
    assert not person.is_active


def test_the_readable_page_shows_the_export_with_french_labels(client_for, busy_resident):
    from entraide.people.data_page import labels

    response = client_for(busy_resident).get("/compte/mes-donnees/lire/")
    assert response.status_code == 200
    for mark in _checked_marks().values():
        assert mark in response.text
    assert "Tableau d’entraide" in response.text and "Banque du temps" in response.text

    def keys(data):
        if isinstance(data, dict):
            for key, value in data.items():
                yield key
                yield from keys(value)
        elif isinstance(data, list):
            for item in data:
                yield from keys(item)

    unlabelled = set(keys(export_personal_data(busy_resident))) - set(labels())
    assert unlabelled == set(), "Label these keys: LABELS in the app's privacy.py, or people/data_page.py"


def test_erasure_removes_the_emails_queued_or_kept_for_them(busy_resident, neighbour):
    """The outgoing queue (django-post-office, in the database) keeps sent emails 30 days."""
    from post_office.models import Email

    address = busy_resident.email
    for to in (address, neighbour.email):
        Email.objects.create(to=[to], from_email="entraide@example.org", subject="Bonjour", message="…")
    erase_person(busy_resident)
    assert not Email.objects.filter(to__icontains=address).exists()
    assert Email.objects.filter(to__icontains=neighbour.email).exists()
