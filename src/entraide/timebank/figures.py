"""Figures for the evaluation. A figure about fewer than 5 people is never shown publicly.

Everything is counted by the database (three aggregate queries, on SQLite and PostgreSQL alike),
whatever the number of transfers. A transfer that was reversed does not count.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Count, F, Q, Sum, Value
from django.db.models.functions import Cast, Concat, Greatest, Least, TruncMonth
from django.utils import timezone

from entraide.territories.models import Territory

from .enums import TransferKind
from .models import Entry, Transfer

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


def first_month(today: datetime.date, months: int) -> datetime.date:
    """The first day of the earliest of the `months` months ending with today's."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return datetime.date(index // 12, index % 12 + 1, 1)


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _people_of(transfers) -> Count:
    """The number of distinct accounts among the entries of `transfers`."""
    return Count("account", distinct=True, filter=Q(transfer__in=transfers.values("pk")))


def evaluation_figures(territory: Territory, *, public: bool, months: int = 12) -> Figures:
    since = first_month(timezone.localdate(), months)
    help_ = Transfer.objects.in_territory(territory).filter(
        kind__in=HELP_KINDS, happened_on__gte=since, reversed_by__isnull=True
    )
    places_known = Q(payer__owner__neighbourhood__isnull=False, payee__owner__neighbourhood__isnull=False)
    ages_known = Q(payer__owner__age_bracket__gt="", payee__owner__age_bracket__gt="")  # not blank
    # An unordered pair of accounts as one value, "smaller id-larger id", to count distinct pairs.
    pair = Concat(
        Cast(Least("payer_id", "payee_id"), CharField()),
        Value("-"),
        Cast(Greatest("payer_id", "payee_id"), CharField()),
        output_field=CharField(),
    )
    transfers = help_.aggregate(
        pairs=Count(pair, distinct=True),
        places=Count("pk", filter=places_known),
        between_places=Count(
            "pk", filter=places_known & ~Q(payer__owner__neighbourhood=F("payee__owner__neighbourhood"))
        ),
        ages=Count("pk", filter=ages_known),
        between_ages=Count(
            "pk", filter=ages_known & ~Q(payer__owner__age_bracket=F("payee__owner__age_bracket"))
        ),
    )
    # Each help transfer has two entries, one per account: counting accounts over entries counts
    # the people who gave or received.
    entries = Entry.objects.in_territory(territory).filter(transfer__in=help_.values("pk"))
    people = entries.aggregate(
        all=Count("account", distinct=True),
        places=_people_of(help_.filter(places_known)),
        ages=_people_of(help_.filter(ages_known)),
    )
    monthly = (
        entries.annotate(month=TruncMonth("transfer__happened_on"))
        .values("month")
        .annotate(
            minutes=Sum("amount_minutes", filter=Q(amount_minutes__gt=0)),
            people=Count("account", distinct=True),
        )
        .order_by("month")
    )
    month_list = []
    for row in monthly:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        month_list.append(Month(month, _hide(row["minutes"], row["people"], public), row["people"]))
    return Figures(
        months=month_list,
        pairs=_hide(transfers["pairs"], people["all"], public),
        people=people["all"],
        share_between_neighbourhoods=_hide(
            _share(transfers["between_places"], transfers["places"]), people["places"], public
        ),
        share_between_generations=_hide(
            _share(transfers["between_ages"], transfers["ages"]), people["ages"], public
        ),
    )


# The evaluation's registry (entraide.evaluation.registry): hours given, by commune and month.
def hours_given(territory: Territory, start: datetime.date, end: datetime.date):
    from entraide.evaluation.registry import month

    return (
        Transfer.objects.in_territory(territory)
        .filter(kind__in=HELP_KINDS, happened_on__gte=start, happened_on__lte=end, reversed_by__isnull=True)
        .annotate(month=month("happened_on"))
        .values("month", commune_id=F("payee__owner__commune_id"))
        .annotate(value=(Sum("minutes") + 30) / 60, people=Count("payee", distinct=True))
        .order_by()
    )


def _figures():
    from django.utils.translation import gettext_lazy as _

    from entraide.evaluation.registry import Figure

    return [
        Figure(
            "timebank_hours",
            _("Hours given in the time bank"),
            _("Time bank"),
            hours_given,
            description=_("Hours of help recorded between people, by the commune of the one who helped."),
        )
    ]


FIGURES = _figures()
