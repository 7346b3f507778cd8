"""A small checker for the common part of OpenStreetMap's `opening_hours` syntax.

It accepts what town halls and associations actually write
("Mo-Fr 08:30-12:00,14:00-17:30; Sa 09:00-12:00; PH off", "24/7",
"Jan-Jun We 14:00-17:00"), which is what data·inclusion's `horaires_accueil`
expects. Anything else is kept as free text and flagged, never refused.
"""

import re

_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:\[-?[1-5](?:,-?[1-5])*\])?"
_DAYS = rf"(?:{_DAY}(?:-{_DAY})?|PH|SH)(?:,(?:{_DAY}(?:-{_DAY})?|PH|SH))*"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?: (?:[0-2]?\d|3[01]))?"
_MONTHS = rf"{_MONTH}(?:-{_MONTH})?(?:,{_MONTH}(?:-{_MONTH})?)*"
_TIME = r"(?:[01]\d|2[0-4]):[0-5]\d"
_SPAN = rf"{_TIME}-{_TIME}\+?"
_SPANS = rf"{_SPAN}(?:,{_SPAN})*"
_STATE = r"(?:off|closed|open|unknown)"
_COMMENT = r'"[^"]*"'
_RULE = re.compile(rf"^(?:{_MONTHS} )?(?:{_DAYS})?(?: ?(?:{_SPANS}|{_STATE}))?(?: {_COMMENT})?$")


def is_valid(text: str) -> bool:
    """Whether `text` is in (the common subset of) the opening_hours syntax."""
    text = " ".join((text or "").split())
    if not text:
        return False
    if text == "24/7":
        return True
    rules = [r.strip() for r in re.split(r";|\|\|", text)]
    return all(rule and _RULE.match(rule) and rule not in {"", " "} for rule in rules)


def _day_names() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "Mo": _("Mon"),
        "Tu": _("Tue"),
        "We": _("Wed"),
        "Th": _("Thu"),
        "Fr": _("Fri"),
        "Sa": _("Sat"),
        "Su": _("Sun"),
        "PH off": _("closed on public holidays"),
        "PH": _("public holidays"),
        "SH": _("school holidays"),
        "off": _("closed"),
        "closed": _("closed"),
        "24/7": _("always open"),
    }


def readable(text: str) -> str:
    """Valid opening hours in plain words ("Mo-Fr 09:00-12:00" → "Mon-Fri 09:00-12:00"); else as written."""
    if not is_valid(text):
        return text
    names = _day_names()
    pattern = re.compile(r"24/7|\bPH off\b|\b(?:Mo|Tu|We|Th|Fr|Sa|Su|PH|SH|off|closed)\b")
    return pattern.sub(lambda m: names[m.group(0)], " ".join(text.split()))
