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
