"""Figures for the evaluation. A figure about fewer than 5 people is never shown publicly."""

import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from entraide.territories.models import Territory

from .enums import TransferKind
from .models import Transfer

SMALL_NUMBER = 5
# Hours that were help between people (not pool movements, corrections or welcome credits).
HELP_KINDS = [TransferKind.CLAIM, TransferKind.GIFT, TransferKind.PAPER]


@dataclass
class Month:
    month: datetime.date
    minutes: int | None  # None: hidden, fewer than SMALL_NUMBER people took part
    people: int


@dataclass
class Figures:
    months: list[Month]
    pairs: int | None
    people: int
    share_between_neighbourhoods: int | None  # percent
    share_between_generations: int | None  # percent


def _hide(value, people: int, public: bool):
    return None if public and people < SMALL_NUMBER else value


def evaluation_figures(territory: Territory, *, public: bool, months: int = 12) -> Figures:
    since = timezone.localdate().replace(day=1) - datetime.timedelta(days=31 * (months - 1))
    help_ = Transfer.objects.in_territory(territory).filter(
        kind__in=HELP_KINDS, happened_on__gte=since.replace(day=1), reversed_by__isnull=True
    )
    monthly = (
        help_.annotate(month=TruncMonth("happened_on"))
        .values("month")
        .annotate(minutes=Sum("minutes"))
        .order_by("month")
    )
    rows = list(
        help_.values_list(
            "payer_id",
            "payee_id",
            "payer__owner__neighbourhood_id",
            "payee__owner__neighbourhood_id",
            "payer__owner__age_bracket",
            "payee__owner__age_bracket",
            "happened_on",
        )
    )
    people = {r[0] for r in rows} | {r[1] for r in rows}
    pairs = {frozenset(r[:2]) for r in rows}
    known_places = [r for r in rows if r[2] and r[3]]
    known_ages = [r for r in rows if r[4] and r[5]]
    between_places = (
        round(100 * sum(r[2] != r[3] for r in known_places) / len(known_places)) if known_places else None
    )
    between_ages = (
        round(100 * sum(r[4] != r[5] for r in known_ages) / len(known_ages)) if known_ages else None
    )
    month_list = []
    people_by_month: dict[tuple[int, int], set[int]] = {}
    for row in rows:
        people_by_month.setdefault((row[6].year, row[6].month), set()).update(row[:2])
    for row in monthly:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        month_people = len(people_by_month.get((month.year, month.month), ()))
        month_list.append(Month(month, _hide(row["minutes"], month_people, public), month_people))
    n = len(people)
    return Figures(
        months=month_list,
        pairs=_hide(len(pairs), n, public),
        people=n,
        share_between_neighbourhoods=_hide(
            between_places, len({p for r in known_places for p in r[:2]}), public
        ),
        share_between_generations=_hide(between_ages, len({p for r in known_ages for p in r[:2]}), public),
    )
