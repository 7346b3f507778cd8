"""The to-do list's items (actions without a meeting) are corrected or removed by whoever added
them, whoever takes them on, or a coordinator; the other members only tick them."""

import pytest
from django.core.exceptions import ValidationError

from entraide.coordination import services
from entraide.coordination.models import Action

from ..factories import CommuneFactory, RoleFactory, UserFactory
from .factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(territory):
    """A referent of another commune: a member of the group, not a coordinator."""
    loupiac = CommuneFactory(territory=territory, name="Loupiac", insee_code="81149")
    user = UserFactory(commune=loupiac, display_name="Nora Référente")
    RoleFactory(user=user, kind="referent", commune=loupiac)
    return user


@pytest.fixture
def todo(territory, referent, member):
    """Added by the referent, taken on by the member."""
    return services.add_action(territory, title="Imprimer les affiches", owner=member, by=referent)


def _edit(action) -> str:
    return f"/coordination/a-faire/{action.public_id}/corriger/"


def _remove(action) -> str:
    return f"/coordination/a-faire/{action.public_id}/supprimer/"


@pytest.mark.parametrize("persona", ["referent", "member", "coordinator", "administrator"])
def test_its_author_its_owner_or_a_coordinator_corrects_an_item(request, client_for, todo, persona, referent):
    client = client_for(request.getfixturevalue(persona))
    assert _edit(todo) in client.get("/coordination/").text
    page = client.get(_edit(todo))
    assert page.status_code == 200
    assert 'href="/coordination/#todo"' in page.text  # back to the to-do list, not a meeting
    assert 'value="Imprimer les affiches"' in page.text
    response = client.post(_edit(todo), {"title": "Imprimer 50 affiches", "owner": referent.pk, "due_on": ""})
    assert response.status_code == 302 and response["Location"] == "/coordination/#todo"
    todo.refresh_from_db()
    assert (todo.title, todo.owner, todo.due_on) == ("Imprimer 50 affiches", referent, None)
    assert todo.meeting is None


def test_a_due_date_is_set_and_the_item_stays_on_the_list(client_for, todo, member):
    response = client_for(member).post(
        _edit(todo), {"title": "Imprimer les affiches", "owner": member.pk, "due_on": "2027-01-15"}
    )
    assert response.status_code == 302
    todo.refresh_from_db()
    assert todo.due_on.isoformat() == "2027-01-15"
    assert "15 janvier 2027" in client_for(member).get("/coordination/").text


@pytest.mark.parametrize("persona", ["referent", "member", "coordinator"])
def test_its_author_its_owner_or_a_coordinator_removes_an_item(request, client_for, todo, persona):
    response = client_for(request.getfixturevalue(persona)).post(_remove(todo))
    assert response.status_code == 302 and response["Location"] == "/coordination/#todo"
    assert not Action.objects.filter(pk=todo.pk).exists()


def test_another_member_only_ticks_it(client_for, territory, todo, referent, commune):
    someone = UserFactory(commune=commune, display_name="Zoé Bénévole")
    RoleFactory(user=someone, kind="referent", commune=commune)
    client = client_for(someone)
    assert _edit(todo) not in client.get("/coordination/").text
    assert client.get(_edit(todo)).status_code == 403
    assert client.post(_edit(todo), {"title": "Autre", "owner": someone.pk}).status_code == 403
    assert client.post(_remove(todo)).status_code == 403
    todo.refresh_from_db()
    assert todo.title == "Imprimer les affiches"
    assert client.post(f"/coordination/actions/{todo.public_id}/fait/", {"done": "1"}).status_code == 302


def test_outside_the_group_nobody_corrects_nor_removes(client_for, todo, resident, outsider):
    assert client_for(resident).get(_edit(todo)).status_code == 403
    assert client_for(resident).post(_remove(todo)).status_code == 403
    RoleFactory(user=outsider, kind="coordinator", commune=None)  # a coordinator of another territory
    assert client_for(outsider, host="b.example.org").get(_edit(todo)).status_code == 404
    assert client_for(outsider, host="b.example.org").post(_remove(todo)).status_code == 404
    assert Action.objects.filter(pk=todo.pk, title="Imprimer les affiches").exists()


def test_a_meetings_action_is_not_corrected_as_a_to_do_item(client_for, territory, referent, coordinator):
    meeting = make_meeting(territory, referent)
    action = services.add_action(territory, title="Salle", owner=referent, meeting=meeting, by=referent)
    assert client_for(coordinator).get(_edit(action)).status_code == 404
    assert client_for(coordinator).post(_remove(action)).status_code == 404
    assert Action.objects.filter(pk=action.pk).exists()


def test_a_bad_owner_stays_on_the_form_and_nothing_changes(client_for, todo, referent, resident):
    client = client_for(referent)
    response = client.post(_edit(todo), {"title": "Autre chose", "owner": ""})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["owner"]
    assert "choisissez un membre" in response.text
    response = client.post(_edit(todo), {"title": "Autre chose", "owner": resident.pk})  # not a member
    assert response.status_code == 400 and list(response.context["form"].errors) == ["owner"]
    response = client.post(_edit(todo), {"title": "", "owner": referent.pk})
    assert response.status_code == 400 and list(response.context["form"].errors) == ["title"]
    todo.refresh_from_db()
    assert (todo.title, todo.owner_id) != ("Autre chose", referent.pk)
    assert todo.title == "Imprimer les affiches"


def test_the_services_refusal_stays_on_the_form(client_for, todo, referent, monkeypatch):
    def refuse(action, **data):
        raise ValidationError("Refusé par le service.")

    monkeypatch.setattr(services, "correct_action", refuse)
    response = client_for(referent).post(_edit(todo), {"title": "Autre chose", "owner": referent.pk})
    assert response.status_code == 400
    assert response.context["form"].errors["owner"] == ["Refusé par le service."]
    assert Action.objects.get(pk=todo.pk).title == "Imprimer les affiches"


def test_an_item_removed_meanwhile_is_not_corrected(todo, referent):
    Action.objects.filter(pk=todo.pk).delete()
    with pytest.raises(ValidationError):
        services.correct_action(todo, title="Autre", owner=referent)
    assert not Action.objects.exists()
