"""Choosing a story without saying why stays on that story's form, tied to its field (RGAA 11.10): the
stories page comes back, bound, answered 400, the field marked invalid and described by its error, the
summary focused and the title starting "Erreur :", never a redirect with a page-top message."""

import pytest

from entraide.evaluation import services
from entraide.evaluation.models import Story

from ..helpers import assert_errors_focused

pytestmark = pytest.mark.django_db


def test_choosing_a_story_without_why_stays_on_its_form(client_for, coordinator, territory, resident):
    story = services.tell_story(territory=territory, teller=resident, title="Un", body="Un.", consent=True)
    other = services.tell_story(
        territory=territory, teller=resident, title="Deux", body="Deux.", consent=True
    )
    response = client_for(coordinator).post(f"/evaluation/recits/{story.public_id}/choisir/", {"why": "  "})
    assert response.status_code == 400
    page = response.text
    field_id = f"why-{story.public_id}"
    assert_errors_focused(page)
    assert f'<a href="#{field_id}">' in page
    assert f'id="{field_id}_error"' in page and 'aria-invalid="true"' in page
    assert f'{field_id}_helptext {field_id}_error"' in page or f'aria-describedby="{field_id}_error"' in page
    assert "message-error" not in page
    assert page.count(f'id="{field_id}"') == 1
    assert page.count(f'id="why-{other.public_id}"') == 1  # the other story keeps its blank form
    assert page.count('aria-invalid="true"') == 1
    assert not Story.objects.filter(chosen_for__isnull=False).exists()


def test_a_story_chosen_meanwhile_is_said_at_the_top(client_for, coordinator, territory, resident):
    first = services.tell_story(territory=territory, teller=resident, title="Un", body="Un.", consent=True)
    second = services.tell_story(
        territory=territory, teller=resident, title="Deux", body="Deux.", consent=True
    )
    services.choose_story(first, why="Fort.")
    response = client_for(coordinator).post(
        f"/evaluation/recits/{second.public_id}/choisir/", {"why": "Aussi."}
    )
    assert response.status_code == 400
    assert "Un récit est déjà choisi pour ce trimestre." in response.text
    second.refresh_from_db()
    assert second.chosen_for is None
