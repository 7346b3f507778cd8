"""Stories of change (Most Significant Change): told by residents or written down by a referent;
each quarter the group (referents, coordinators) picks one and writes why; published only with
consent, which the database enforces too."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from entraide.evaluation import privacy, services
from entraide.evaluation.models import Story

pytestmark = pytest.mark.django_db


def test_a_resident_tells_a_story(client_for, resident):
    response = client_for(resident).post(
        "/evaluation/recits/raconter/",
        {"title": "Le jardin", "body": "Je connais mes voisins maintenant.", "consent_to_publish": "on"},
    )
    assert response.status_code == 302
    story = Story.objects.get()
    assert (story.teller, story.commune, story.consent_to_publish, story.published) == (
        resident,
        resident.commune,
        True,
        False,
    )


def test_a_referent_writes_down_a_story_told_on_paper(client_for, referent, commune):
    response = client_for(referent).post(
        "/evaluation/recits/raconter/?papier=1",
        {"commune": commune.pk, "title": "Les courses", "body": "Elle sort à nouveau."},
    )
    assert response.status_code == 302
    story = Story.objects.get()
    assert (story.teller, story.entered_by, story.commune, story.consent_to_publish) == (
        None,
        referent,
        commune,
        False,
    )


@pytest.mark.parametrize(
    "persona, status", [("resident", 403), ("referent", 200), ("coordinator", 200), ("outsider", 403)]
)
def test_only_the_group_reads_the_stories(client_for, request, persona, status):
    assert client_for(request.getfixturevalue(persona)).get("/evaluation/recits/").status_code == status


def test_the_group_chooses_one_story_per_quarter_and_says_why(client_for, coordinator, territory, resident):
    first = services.tell_story(territory=territory, teller=resident, title="Un", body="Un.", consent=True)
    second = services.tell_story(
        territory=territory, teller=resident, title="Deux", body="Deux.", consent=True
    )
    client = client_for(coordinator)
    client.post(f"/evaluation/recits/{first.public_id}/choisir/", {"why": ""})
    assert not Story.objects.filter(chosen_for__isnull=False).exists()
    client.post(f"/evaluation/recits/{first.public_id}/choisir/", {"why": "Le lien retrouvé."})
    response = client.post(f"/evaluation/recits/{second.public_id}/choisir/", {"why": "Aussi."}, follow=True)
    assert "Un récit est déjà choisi pour ce trimestre." in response.text
    first.refresh_from_db()
    assert first.chosen_for is not None and first.why_chosen == "Le lien retrouvé."
    assert Story.objects.filter(chosen_for__isnull=False).count() == 1


def test_a_story_without_consent_is_never_published(client_for, coordinator, territory, resident, anonymous):
    story = services.tell_story(
        territory=territory, teller=resident, title="Privé", body="À moi.", consent=False
    )
    response = client_for(coordinator).post(
        f"/evaluation/recits/{story.public_id}/publier/", {"published": "1"}, follow=True
    )
    assert "la personne qui l’a raconté n’a pas donné son accord" in response.text
    story.refresh_from_db()
    assert not story.published
    with pytest.raises(ValidationError):
        services.publish_story(story)
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(published=True)
    assert "À moi." not in anonymous.get("/evaluation/").text


def test_a_published_story_shows_on_the_indicators_page_without_a_name(
    client_for, coordinator, territory, resident, anonymous
):
    story = services.tell_story(
        territory=territory, teller=resident, title="Ensemble", body="Merci.", consent=True
    )
    client_for(coordinator).post(f"/evaluation/recits/{story.public_id}/publier/", {"published": "1"})
    page = anonymous.get("/evaluation/").text
    assert "Ensemble" in page and resident.display_name not in page


def test_stories_are_exported_and_erasure_keeps_only_chosen_published_ones_unlinked(territory, resident):
    kept = services.tell_story(territory=territory, teller=resident, title="Gardé", body="Oui.", consent=True)
    services.publish_story(services.choose_story(kept, why="Fort."))
    services.tell_story(territory=territory, teller=resident, title="Parti", body="Non.", consent=False)
    exported = privacy.export(resident)["stories"]
    assert {s["title"] for s in exported} == {"Gardé", "Parti"}
    privacy.erase(resident)
    assert list(Story.objects.values_list("title", "teller")) == [("Gardé", None)]
