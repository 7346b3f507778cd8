"""Evaluation figures: small numbers are never shown publicly."""

import uuid

import pytest

from entraide.people.enums import AgeBracket
from entraide.timebank import services
from entraide.timebank.figures import evaluation_figures

from .factories import AccountFactory

pytestmark = pytest.mark.django_db


def help_between(payer, payee, minutes=60):
    services.transfer(
        payer=payer, payee=payee, minutes=minutes, kind="claim", idempotency_key=uuid.uuid4(), created_by=None
    )


def test_figures_about_fewer_than_five_people_are_hidden_publicly(anonymous, territory, commune):
    a, b = AccountFactory(owner__commune=commune), AccountFactory(owner__commune=commune)
    help_between(a, b, 90)
    public = evaluation_figures(territory, public=True)
    assert public.pairs is None and public.months[0].minutes is None
    page = anonymous.get("/banque-du-temps/chiffres/")
    assert page.status_code == 200 and "1 h 30" not in page.text
    private = evaluation_figures(territory, public=False)
    assert private.pairs == 1 and private.months[0].minutes == 90


def test_figures_are_shown_with_enough_people(anonymous, territory, commune, neighbourhood):
    from ..factories import NeighbourhoodFactory

    other_place = NeighbourhoodFactory(commune=commune)
    accounts = [
        AccountFactory(
            owner__commune=commune, owner__age_bracket=AgeBracket.FROM_75, owner__neighbourhood=neighbourhood
        ),
        AccountFactory(
            owner__commune=commune,
            owner__age_bracket=AgeBracket.FROM_18_TO_29,
            owner__neighbourhood=other_place,
        ),
        AccountFactory(
            owner__commune=commune, owner__age_bracket=AgeBracket.FROM_75, owner__neighbourhood=neighbourhood
        ),
        AccountFactory(
            owner__commune=commune,
            owner__age_bracket=AgeBracket.FROM_30_TO_44,
            owner__neighbourhood=other_place,
        ),
        AccountFactory(
            owner__commune=commune, owner__age_bracket=AgeBracket.FROM_75, owner__neighbourhood=neighbourhood
        ),
        AccountFactory(
            owner__commune=commune, owner__age_bracket=AgeBracket.FROM_75, owner__neighbourhood=neighbourhood
        ),
    ]
    for payer, payee in zip(accounts[::2], accounts[1::2], strict=True):
        help_between(payer, payee, 60)  # the last pair: same place, same age
    figures = evaluation_figures(territory, public=True)
    assert figures.people == 6 and figures.pairs == 3
    assert figures.months[0].minutes == 180
    assert figures.share_between_neighbourhoods == 67 and figures.share_between_generations == 67
    assert "3 h" in anonymous.get("/banque-du-temps/chiffres/").text
