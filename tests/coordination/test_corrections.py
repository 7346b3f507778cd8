"""Corrections: an agenda item is changed or withdrawn while the meeting is planned; decisions and
actions are corrected until the minutes are approved, then stay (only done / open again)."""

import pytest
from django.core.exceptions import ValidationError

from entraide.coordination import services
from entraide.coordination.enums import MeetingStatus
from entraide.coordination.models import Action, AgendaItem, Decision, Meeting

from ..factories import CommuneFactory, RoleFactory, UserFactory
from .factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def member(territory):
    loupiac = CommuneFactory(territory=territory, name="Loupiac", insee_code="81149")
    user = UserFactory(commune=loupiac, display_name="Nora Référente")
    RoleFactory(user=user, kind="referent", commune=loupiac)
    return user


@pytest.fixture
def meeting(territory, referent):
    return make_meeting(territory, referent)


def test_the_proposer_corrects_then_withdraws_an_item(client_for, meeting, member):
    item = services.propose_item(meeting, by=member, title="Budgte", details="")
    client = client_for(member)
    url = f"{meeting.get_absolute_url()}ordre-du-jour/{item.pk}/"
    assert url in client.get(meeting.get_absolute_url()).text
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "Budget 2027", "details": "Les lignes"}).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.details) == ("Budget 2027", "Les lignes")
    assert client.post(url, {"title": ""}).status_code == 400
    assert AgendaItem.objects.get(pk=item.pk).title == "Budget 2027"
    assert client.post(f"{url}retirer/").status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_another_member_cannot_change_an_item_and_nobody_once_held(client_for, meeting, member, coordinator):
    item = services.propose_item(meeting, by=coordinator, title="Budget")
    url = f"{meeting.get_absolute_url()}ordre-du-jour/{item.pk}/"
    assert client_for(member).get(url).status_code == 403
    assert client_for(member).post(f"{url}retirer/").status_code == 403
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    assert client_for(coordinator).post(url, {"title": "Autre"}).status_code == 403
    assert client_for(coordinator).post(f"{url}retirer/").status_code == 403
    assert AgendaItem.objects.get(pk=item.pk).title == "Budget"
    with pytest.raises(ValidationError):
        services.withdraw_item(item)


def test_the_facilitator_corrects_decisions_and_actions_until_the_minutes_are_approved(
    client_for, territory, meeting, referent, member
):
    decision = services.add_decision(meeting, text="On achète une sono")
    action = services.add_action(
        territory, title="Apeller la CAF", owner=member, meeting=meeting, by=referent
    )
    client = client_for(referent)
    page = client.get(meeting.get_absolute_url()).text
    decision_url = f"{meeting.get_absolute_url()}decisions/{decision.pk}/"
    action_url = f"/coordination/actions/{action.public_id}/corriger/"
    assert decision_url in page and action_url in page
    assert client.post(decision_url, {"text": "On loue une sono"}).status_code == 302
    assert Decision.objects.get(pk=decision.pk).text == "On loue une sono"
    response = client.post(action_url, {"title": "Appeler la CAF", "owner": referent.pk, "due_on": ""})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.owner) == ("Appeler la CAF", referent)
    # No owner: a clear French message, nothing changed.
    response = client.post(action_url, {"title": "Autre chose", "owner": ""})
    assert response.status_code == 400 and "choisissez un membre" in response.text
    assert Action.objects.get(pk=action.pk).title == "Appeler la CAF"
    # A member who does not run the meeting cannot.
    assert client_for(member).post(decision_url, {"text": "x"}).status_code == 403
    assert client_for(member).post(f"/coordination/actions/{action.public_id}/supprimer/").status_code == 403
    # After approval, decisions and actions stay; the action can still be ticked.
    services.save_minutes(meeting, text="Compte rendu", by=referent)
    services.approve_minutes(meeting, by=referent)
    page = client.get(meeting.get_absolute_url()).text
    assert decision_url not in page and action_url not in page
    assert client.post(decision_url, {"text": "Changé"}).status_code == 403
    assert client.post(f"{decision_url}supprimer/").status_code == 403
    assert client.post(action_url, {"title": "Changé", "owner": referent.pk}).status_code == 403
    assert client.post(f"/coordination/actions/{action.public_id}/supprimer/").status_code == 403
    assert Decision.objects.get(pk=decision.pk).text == "On loue une sono"
    assert Action.objects.get(pk=action.pk).title == "Appeler la CAF"
    with pytest.raises(ValidationError, match=r"approuvé|approved"):
        services.correct_decision(decision, text="Changé")
    assert client.post(f"/coordination/actions/{action.public_id}/fait/", {"done": "1"}).status_code == 302
    assert Action.objects.get(pk=action.pk).done_at is not None


def test_the_facilitator_removes_a_decision_and_an_action_before_approval(
    client_for, territory, meeting, referent, member
):
    decision = services.add_decision(meeting, text="Doublon")
    action = services.add_action(territory, title="Doublon", owner=member, meeting=meeting, by=referent)
    client = client_for(referent)
    assert client.post(f"{meeting.get_absolute_url()}decisions/{decision.pk}/supprimer/").status_code == 302
    assert client.post(f"/coordination/actions/{action.public_id}/supprimer/").status_code == 302
    assert not Decision.objects.exists() and not Action.objects.exists()


def test_another_meetings_keys_answer_404(client_for, territory, meeting, referent):
    other = make_meeting(territory, referent, days=40)
    decision = services.add_decision(other, text="Ailleurs")
    item = services.propose_item(other, by=referent, title="Ailleurs")
    client = client_for(referent)
    assert client.get(f"{meeting.get_absolute_url()}decisions/{decision.pk}/").status_code == 404
    assert client.get(f"{meeting.get_absolute_url()}ordre-du-jour/{item.pk}/").status_code == 404
    todo = services.add_action(territory, title="À faire", owner=referent, by=referent)
    assert client.get(f"/coordination/actions/{todo.public_id}/corriger/").status_code == 404
