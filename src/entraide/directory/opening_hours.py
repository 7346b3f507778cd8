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


DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_TIME_ONLY = re.compile(rf"^{_TIME}$")


def from_week(week: dict[str, list[tuple[str, str]]]) -> str:
    """The standard syntax of a week typed day by day: consecutive days with the same times share a rule.

    {"Mo": [("09:00", "12:00")], "Tu": [("09:00", "12:00")], "Sa": [("10:00", "12:00")]}
    → "Mo-Tu 09:00-12:00; Sa 10:00-12:00".
    """
    spans = {day: ",".join(f"{start}-{end}" for start, end in week.get(day, [])) for day in DAYS}
    rules, index = [], 0
    while index < len(DAYS):
        if not spans[DAYS[index]]:
            index += 1
            continue
        end = index
        while end + 1 < len(DAYS) and spans[DAYS[end + 1]] == spans[DAYS[index]]:
            end += 1
        days = DAYS[index] if end == index else f"{DAYS[index]}-{DAYS[end]}"
        if end == index + 1:
            days = f"{DAYS[index]},{DAYS[end]}"
        rules.append(f"{days} {spans[DAYS[index]]}")
        index = end + 1
    return "; ".join(rules)


def to_week(text: str) -> dict[str, list[tuple[str, str]]] | None:
    """The week of a text `from_week` could have written (days and times only); None for anything else."""
    text = " ".join((text or "").split())
    if not text:
        return {}
    week: dict[str, list[tuple[str, str]]] = {}
    for rule in (r.strip() for r in text.split(";")):
        match = re.fullmatch(r"([A-Za-z,\-]+) (\S+)", rule)
        if not match:
            return None
        days: list[str] = []
        for part in match.group(1).split(","):
            first, _dash, last = part.partition("-")
            if first not in DAYS or (last and last not in DAYS):
                return None
            start, stop = DAYS.index(first), DAYS.index(last or first)
            if stop < start:
                return None
            days += DAYS[start : stop + 1]
        spans = []
        for span in match.group(2).split(","):
            start_time, _dash, end_time = span.partition("-")
            if not (_TIME_ONLY.match(start_time) and _TIME_ONLY.match(end_time)):
                return None
            spans.append((start_time, end_time))
        for day in days:
            if day in week:
                return None
            week[day] = spans
    return week


SCHEMA_DAYS = {
    "Mo": "Monday",
    "Tu": "Tuesday",
    "We": "Wednesday",
    "Th": "Thursday",
    "Fr": "Friday",
    "Sa": "Saturday",
    "Su": "Sunday",
}


def specification(text: str) -> list[dict]:
    """schema.org `openingHoursSpecification` of hours given by day and time; [] for anything else."""
    rules = [r.strip() for r in (text or "").split(";") if r.strip() not in {"PH off", "PH closed"}]
    week = to_week("; ".join(rules)) if is_valid(text) else None
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[day]}",
            "opens": start,
            "closes": end,
        }
        for day in DAYS
        for start, end in (week or {}).get(day, [])
    ]
