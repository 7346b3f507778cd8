"""The periodic questionnaire's answers, in published French wordings (docs/evaluation.md).

The French interface shows the wordings of the surveys they come from; the English msgids are
only keys for translators and are not a validated English scale.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Contacts(models.IntegerChoices):
    """Contacts outside the household in the last month (meetings, calls, messages).

    INSEE counts as isolated a person with at most one contact a month: NONE or ONE."""

    NONE = 0, _("None")
    ONE = 1, _("One")
    TWO_TO_FIVE = 2, _("2 to 5")
    SIX_TO_TEN = 3, _("6 to 10")
    MORE_THAN_TEN = 4, _("More than 10")


ISOLATED = (Contacts.NONE, Contacts.ONE)


class KnowsWhomToAsk(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_SURE = "unsure", _("Not sure")


class Trust(models.TextChoices):
    """The Baromètre de la fraternité's question (as in the World and European values surveys):
    « D'une manière générale, diriez-vous que l'on peut faire confiance à la plupart des gens, ou
    que l'on n'est jamais trop prudent quand on a affaire aux autres ? »"""

    MOST_PEOPLE = "most", _("Most people can be trusted")
    CAREFUL = "careful", _("You can never be too careful")


class Loneliness(models.IntegerChoices):
    """« Vous sentez-vous seul(e) ? » with its five published answers (Credoc for the Fondation de
    France's « Solitudes » studies, and INSEE): the French wording is the one shown, never a
    translation of an English scale."""

    EVERY_DAY = 1, _("Every day or almost")
    OFTEN = 2, _("Often")
    SOMETIMES = 3, _("Sometimes")
    RARELY = 4, _("Rarely")
    NEVER = 5, _("Never")


LONELY = (Loneliness.EVERY_DAY, Loneliness.OFTEN)
