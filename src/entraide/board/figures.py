"""The board's figures for the evaluation (entraide.evaluation.registry): help that happened,
people helped for the first time, and help between generations. One aggregate query each.

An exchange counts in the commune of the person helped (their neighbourhood's at the time,
else their commune). `people` is a lower bound of the distinct people behind a cell (the larger
of the helpers and the people helped), so small groups stay hidden."""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from entraide.evaluation.registry import Figure, month

from .models import Exchange

OLDER = ("60-74", "75+")
YOUNGER = ("u18", "18-29")


def _exchanges(territory, start, end, only: Q | None = None):
    return (
        Exchange.objects.in_territory(territory)
        .filter(happened_on__gte=start, happened_on__lte=end)
        .filter(only or Q())
        .annotate(month=month("happened_on"))
        .values("month", commune_id=Coalesce("receiver_neighbourhood__commune_id", "receiver__commune_id"))
        .annotate(
            value=Count("pk"),
            people=Greatest(Count("helper", distinct=True), Count("receiver", distinct=True)),
        )
        .order_by()
    )


def exchanges(territory, start, end):
    return _exchanges(territory, start, end)


def first_helped(territory, start, end):
    """People helped for the first time: their first recorded help falls in the month."""
    earlier = Exchange.objects.filter(receiver=OuterRef("receiver"), happened_on__lt=OuterRef("happened_on"))
    return (
        Exchange.objects.in_territory(territory)
        .filter(happened_on__gte=start, happened_on__lte=end)
        .filter(~Exists(earlier))
        .annotate(month=month("happened_on"))
        .values("month", commune_id=Coalesce("receiver_neighbourhood__commune_id", "receiver__commune_id"))
        .annotate(value=Count("receiver", distinct=True), people=Count("receiver", distinct=True))
        .order_by()
    )


BOTH_AGES_KNOWN = Q(helper__age_bracket__gt="", receiver__age_bracket__gt="")


def between_generations(territory, start, end):
    """Help between two people of different age brackets (people.enums.AgeBracket)."""
    return _exchanges(
        territory, start, end, BOTH_AGES_KNOWN & ~Q(helper__age_bracket=F("receiver__age_bracket"))
    )


def young_and_old(territory, start, end):
    """Help between someone under 30 and someone of 60 or over, either way."""
    return _exchanges(
        territory,
        start,
        end,
        Q(helper__age_bracket__in=YOUNGER, receiver__age_bracket__in=OLDER)
        | Q(helper__age_bracket__in=OLDER, receiver__age_bracket__in=YOUNGER),
    )


BOARD = _("Board")

FIGURES = [
    Figure(
        "board_exchanges",
        _("Help that happened"),
        BOARD,
        exchanges,
        description=_("Exchanges recorded on the board: someone helped someone."),
    ),
    Figure(
        "board_first_helped",
        _("People helped for the first time"),
        BOARD,
        first_helped,
        description=_("People whose first recorded help falls in the month."),
    ),
    Figure(
        "board_between_generations",
        _("Help between generations"),
        BOARD,
        between_generations,
        description=_("Exchanges between two people of different age brackets, when both gave theirs."),
    ),
    Figure(
        "board_young_and_old",
        _("Help between under-30s and over-60s"),
        BOARD,
        young_and_old,
        description=_("Exchanges between someone under 30 and someone of 60 or over, either way."),
    ),
]
