"""The board's page and its poster show the next meetups."""

import pytest

from ..pdfs import pdf_text
from .factories import make_meetup

pytestmark = pytest.mark.django_db


def test_the_board_and_its_poster_show_the_next_meetups(anonymous, referent):
    make_meetup(referent, title="Café solidaire du mardi", rrule="FREQ=WEEKLY;BYDAY=TU")
    page = anonymous.get("/tableau/")
    assert page.status_code == 200
    assert "Café solidaire du mardi" in page.text and 'href="/rencontres/"' in page.text
    poster = anonymous.get("/tableau/affiche.pdf")
    text = pdf_text(poster.content)
    assert "Café solidaire du mardi" in text and "http://a.example.org/rencontres/" in text


def test_the_board_says_nothing_of_meetups_when_there_are_none(anonymous, territory):
    assert "next-meetups" not in anonymous.get("/tableau/").text
