"""Evaluation figures: small numbers are never shown publicly."""

import datetime
import random
import uuid

import pytest

from entraide.people.enums import AgeBracket
from entraide.timebank import services
from entraide.timebank.figures import evaluation_figures, first_month

from ..helpers import assert_constant_queries
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


def test_reversed_help_does_not_count(territory, commune, referent):
    accounts = [AccountFactory(owner__commune=commune) for _ in range(6)]
    help_between(accounts[0], accounts[1], 60)
    help_between(accounts[2], accounts[3], 90)
    mistake = services.transfer(
        payer=accounts[4],
        payee=accounts[5],
        minutes=120,
        kind="claim",
        idempotency_key=uuid.uuid4(),
        created_by=None,
    ).transfer
    services.reverse(original=mistake, by=referent, reason="Saisie en double", idempotency_key=uuid.uuid4())
    figures = evaluation_figures(territory, public=False)
    assert [m.minutes for m in figures.months] == [150]
    assert figures.people == 4 and figures.pairs == 2 and figures.months[0].people == 4


def test_it_counts_like_the_definition_whatever_the_order_and_the_repeats(territory, commune):
    """The database's counts agree with counting transfer by transfer in Python."""
    from ..factories import NeighbourhoodFactory

    places = [NeighbourhoodFactory(commune=commune), NeighbourhoodFactory(commune=commune), None]
    ages = [AgeBracket.FROM_75, AgeBracket.FROM_18_TO_29, ""]
    accounts = [
        AccountFactory(
            owner__commune=commune, owner__neighbourhood=places[i % 3], owner__age_bracket=ages[i // 3 % 3]
        )
        for i in range(9)
    ]
    rng = random.Random(4)
    done = []
    for _ in range(40):
        payer, payee = rng.sample(accounts, 2)
        help_between(payer, payee, rng.choice([15, 30, 60]))
        done.append((payer, payee))

    def owner(account):
        return account.owner

    known_places = [(a, b) for a, b in done if owner(a).neighbourhood_id and owner(b).neighbourhood_id]
    known_ages = [(a, b) for a, b in done if owner(a).age_bracket and owner(b).age_bracket]
    figures = evaluation_figures(territory, public=False)
    assert figures.people == len({a.pk for pair in done for a in pair})
    assert figures.pairs == len({frozenset((a.pk, b.pk)) for a, b in done})
    between_places = sum(owner(a).neighbourhood_id != owner(b).neighbourhood_id for a, b in known_places)
    assert figures.share_between_neighbourhoods == round(100 * between_places / len(known_places))
    assert figures.share_between_generations == round(
        100 * sum(owner(a).age_bracket != owner(b).age_bracket for a, b in known_ages) / len(known_ages)
    )


def test_it_counts_in_the_database_with_the_same_queries_whatever_the_history(territory, commune):
    accounts = [AccountFactory(owner__commune=commune) for _ in range(6)]

    def add_rows(n):
        for index in range(n):
            help_between(accounts[index % 6], accounts[(index + 1) % 6], 15)

    assert assert_constant_queries(lambda: evaluation_figures(territory, public=True), add_rows, 5, 60) == 3


@pytest.mark.parametrize(
    ("today", "first"),
    [
        (datetime.date(2026, 11, 25), datetime.date(2025, 12, 1)),
        (datetime.date(2026, 12, 31), datetime.date(2026, 1, 1)),
        (datetime.date(2026, 1, 1), datetime.date(2025, 2, 1)),
    ],
)
def test_the_twelve_months_end_with_the_current_one(today, first):
    assert first_month(today, 12) == first
