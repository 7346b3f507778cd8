"""Issue 9 items 7 and 11: the desk form's default, the notice once both share contacts, tel:/mailto:
links shown privately, weekdays as each language writes them."""

import pytest
from django.utils import translation

from entraide.board import services
from entraide.board.enums import When

from .factories import PostFactory

pytestmark = pytest.mark.django_db


def test_the_desk_form_starts_on_a_request(client_for, referent, assisted, categories):
    page = client_for(referent).get("/accueil/annonces/nouvelle/").content.decode()
    assert 'value="request" checked' in page.replace('value="request"\n', 'value="request" ') or (
        "checked" in page.split('value="request"')[1][:40]
    )


def test_once_both_share_their_contacts_the_notice_says_so_and_links_them(
    client_for, resident, neighbour, categories
):
    resident.phone = "06 12 34 56 78"
    resident.save()
    post = PostFactory(author=resident, category=categories["transport"])
    conversation = services.reply(post, replier=neighbour, body="Je peux aider.")
    url = conversation.get_absolute_url()
    client_for(resident).post(f"{url}partager/")

    response = client_for(neighbour).post(f"{url}partager/", follow=True)

    page = response.content.decode()
    assert "Vous avez tous les deux partagé vos coordonnées" in page
    assert 'href="tel:0612345678"' in page
    assert f'href="mailto:{resident.email}"' in page


@pytest.mark.parametrize(("language", "expected"), [("fr", "chaque lundi"), ("en", "every Monday")])
def test_weekdays_are_written_as_each_language_writes_them(resident, categories, language, expected):
    post = PostFactory(author=resident, category=categories["transport"], when=When.WEEKLY, when_weekday=0)
    with translation.override(language):
        assert post.when_display() == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("fr", "le mercredi 9 décembre"), ("en", "on Wednesday 9 December")]
)
def test_a_dates_weekday_is_written_as_each_language_writes_it(resident, categories, language, expected):
    import datetime

    post = PostFactory(
        author=resident,
        category=categories["transport"],
        when=When.DATE,
        when_date=datetime.date(2026, 12, 9),
    )
    with translation.override(language):
        assert post.when_display() == expected


def test_default_categories_read_in_the_readers_language_and_custom_ones_as_typed(categories):
    from entraide.categories.defaults import DEFAULTS, TRANSLATED_NAMES

    assert {slug: name for slug, name, *_rest in DEFAULTS} == {
        s: f for s, (f, _t) in TRANSLATED_NAMES.items()
    }
    renamed = categories["jardinage"]
    renamed.name = "Potagers partagés"
    renamed.save()
    with translation.override("en"):
        assert str(categories["courses"]) == "Shopping"
        assert str(renamed) == "Potagers partagés"
    with translation.override("fr"):
        assert str(categories["courses"]) == "Courses"
