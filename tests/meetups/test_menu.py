"""Residents find the meetups from every page's main menu."""

import re

import pytest

pytestmark = pytest.mark.django_db

MENU = re.compile(r'<nav aria-label="Menu principal">(.*?)</nav>', re.S)


@pytest.mark.parametrize("path", ["/", "/tableau/", "/rencontres/"])
def test_the_main_menu_leads_to_the_meetups(anonymous, commune, path):
    menu = MENU.search(anonymous.get(path).text).group(1)
    current = '<a href="/rencontres/" aria-current="page">Rencontres</a>'
    plain = '<a href="/rencontres/">Rencontres</a>'
    assert (current if path == "/rencontres/" else plain) in menu
