"""The personal home and the desk are registries (entraide.core.home): each app contributes its part."""

from importlib.util import find_spec

import pytest
from django.test import RequestFactory

from entraide.core import home
from entraide.core.discovery import app_modules

# The apps that hold something a person or a referent must act on, and what each contributes.
EXPECTED = {
    "entraide.board": {
        "personal",
        "desk",
    },  # replies, open posts, help to confirm; replies to relay, moderation
    "entraide.timebank": {"personal", "desk"},  # hours to confirm or declare, balance; disputes to settle
    "entraide.people": {"personal", "desk"},  # an incomplete profile; the people a referent answers for
    "entraide.meetups": {"personal", "desk"},  # my next meetups; registrations to decide
    "entraide.lending": {
        "personal",
        "desk",
    },  # my loans, requests for my objects; bookings to approve, overdue
    "entraide.projects": {"personal", "desk"},  # my applications and support requests; applications to review
    "entraide.coordination": {"personal"},  # the next meeting, my open actions
    "entraide.evaluation": {"personal", "desk"},  # feedback waiting, the questionnaire; paper questionnaires
}


@pytest.mark.parametrize("app", sorted(EXPECTED))
def test_every_app_expected_to_contribute_has_a_home_module(app):
    assert find_spec(f"{app}.home") is not None, f"{app} has no home.py (see entraide.core.home)"
    module = __import__(f"{app}.home", fromlist=["home"])
    for kind in EXPECTED[app]:
        assert callable(getattr(module, kind, None)), f"{app}.home has no {kind}(request)"


def test_every_home_module_gives_only_the_known_kinds():
    for module in app_modules("home", exclude=("entraide.core",)):
        assert hasattr(module, "personal") or hasattr(module, "desk"), module.__name__


def test_sections_are_computed_once_per_request_and_ordered(resident, monkeypatch):
    calls = []

    class Fake:
        __name__ = "fake"

        @staticmethod
        def personal(request):
            calls.append(request)
            return [
                home.Section("B", "/b/", order=20, count=2, waiting=True),
                home.Section("A", "/a/", order=10),
            ]

    monkeypatch.setattr(home, "app_modules", lambda name, exclude=(): [Fake])
    request = RequestFactory().get("/")
    request.user, request.territory = resident, resident.territory

    assert [s.title for s in home.sections_for(request, "personal")] == ["A", "B"]
    assert home.waiting_count(request) == 2
    assert len(calls) == 1


def test_nobody_logged_in_gets_no_section(rf, territory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user, request.territory = AnonymousUser(), territory
    assert home.sections_for(request, "personal") == []
    assert home.waiting_count(request) == 0


def test_the_menu_count_is_kept_until_anything_changes(resident, monkeypatch, settings):
    """Every page a logged-in person opens shows the count: it is kept in the cache under the
    territory's version, so the sections are not computed again until a write."""
    settings.WAITING_COUNT_CACHE_SECONDS = 60
    waiting = {"count": 2}
    calls = []

    class Fake:
        __name__ = "fake"

        @staticmethod
        def personal(request):
            calls.append(request)
            return [home.Section("B", "/b/", count=waiting["count"], waiting=True)]

    monkeypatch.setattr(home, "app_modules", lambda name, exclude=(): [Fake])

    def count_on_a_new_page():
        request = RequestFactory().get("/")
        request.user, request.territory = resident, resident.territory
        return home.waiting_count(request)

    assert count_on_a_new_page() == 2
    assert count_on_a_new_page() == 2
    assert len(calls) == 1

    waiting["count"] = 3
    resident.save()  # any write in the territory
    assert count_on_a_new_page() == 3
    assert len(calls) == 2


def test_the_page_showing_the_sections_counts_from_them(resident, monkeypatch, settings):
    settings.WAITING_COUNT_CACHE_SECONDS = 60
    monkeypatch.setattr(
        home,
        "app_modules",
        lambda name, exclude=(): [
            type(
                "Fake",
                (),
                {"personal": staticmethod(lambda r: [home.Section("B", "/b/", count=4, waiting=True)])},
            )
        ],
    )
    request = RequestFactory().get("/")
    request.user, request.territory = resident, resident.territory
    home.sections_for(request, "personal")
    assert home.waiting_count(request) == 4


def test_the_personal_home_is_kept_per_person_and_language_until_anything_changes(
    client_for, resident, neighbour, settings
):
    """The home page a logged-in person opens shows every app's sections: kept for them (not for
    another person, not across languages) until any write in the territory."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.board.factories import PostFactory

    settings.WAITING_COUNT_CACHE_SECONDS = 60
    PostFactory(author=resident, title="Tondre la pelouse")
    client = client_for(resident)
    with CaptureQueriesContext(connection) as fresh:
        assert "Tondre la pelouse" in client.get("/").text
    with CaptureQueriesContext(connection) as kept:
        assert "Tondre la pelouse" in client.get("/").text
    assert len(kept) < len(fresh)
    assert "Tondre la pelouse" not in client_for(neighbour).get("/").text  # not someone else's
    PostFactory(author=resident, title="Réparer un vélo")
    assert "Réparer un vélo" in client.get("/").text
    client.cookies["django_language"] = "en"
    assert "Your open posts" in client.get("/").text
