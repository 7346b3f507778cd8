"""The public home page lists the territory's next meetups (one query, kept with the page for
anonymous visitors), as the board and the menu do."""

import datetime

import pytest

from entraide.meetups.enums import MeetupStatus

from ..helpers import assert_constant_queries, count_queries
from .factories import make_meetup, next_day

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_next_meetups_to_visitors(anonymous, referent, outsider):
    make_meetup(referent, title="Café solidaire du mardi", rrule="FREQ=WEEKLY;BYDAY=TU")
    make_meetup(referent, title="Balade en attente", status=MeetupStatus.PROPOSED)
    make_meetup(outsider, title="Rencontre d'ailleurs")
    page = anonymous.get("/")
    assert page.status_code == 200
    assert "Prochaines rencontres" in page.text
    assert "Café solidaire du mardi" in page.text and "/rencontres/" in page.text
    assert "Balade en attente" not in page.text and "Rencontre d'ailleurs" not in page.text


def test_the_home_page_runs_the_same_queries_with_few_or_many_meetups(anonymous, referent):
    counter = iter(range(1000))

    def add(n):
        for _ in range(n):
            i = next(counter)
            make_meetup(
                referent, title=f"Rencontre {i}", start=next_day(i % 7) + datetime.timedelta(hours=i % 5)
            )

    assert_constant_queries(lambda: anonymous.get("/"), add, small=2, large=12)
    assert anonymous.get("/").text.count('class="next-meetups"') == 1


def test_the_home_page_with_its_meetups_is_kept_for_visitors(anonymous, referent, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    make_meetup(referent, title="Café solidaire")
    assert "Café solidaire" in anonymous.get("/").text
    queries, _sql = count_queries(lambda: anonymous.get("/"))
    assert queries == 0
    make_meetup(referent, title="Forum des associations")
    assert "Forum des associations" in anonymous.get("/").text
