"""Minutes shown as hours, the way people say them: "1 h 30", "45 min", "−2 h"."""

import re

from django.utils.translation import gettext as _

MINUS = "−"


def format_minutes(minutes: int | None) -> str:
    if minutes is None:
        return ""
    sign = MINUS if minutes < 0 else ""
    hours, rest = divmod(abs(int(minutes)), 60)
    if hours and rest:
        return f"{sign}{hours} h {rest:02d}"
    if hours:
        return f"{sign}{hours} h"
    if rest:
        return f"{sign}{rest} min"
    return "0 h"


_PATTERNS = [
    # "1 h 30", "1h30", "2 h", "1 h 30 min"
    re.compile(r"^(?P<h>\d{1,3})\s*h(?:eures?)?\s*(?:(?P<m>\d{1,2})\s*(?:min(?:utes?)?)?)?$"),
    # "1:30"
    re.compile(r"^(?P<h>\d{1,3}):(?P<m>\d{2})$"),
    # "45 min", "90 min" (a bare "90" is refused: the unit is always said)
    re.compile(r"^(?P<m>\d{1,5})\s*(?:min(?:utes?)?)$"),
]


class DurationParseError(ValueError):
    pass


def parse_duration(text: str) -> int:
    """Whole minutes from what a person types; DurationParseError with a French message otherwise."""
    value = (text or "").strip().lower().replace("\u202f", " ").replace("\xa0", " ")
    if not value:
        raise DurationParseError(_("Enter a duration, e.g. 1 h 30."))
    if value.startswith(("-", MINUS)):
        raise DurationParseError(_("The duration must be positive."))
    if re.match(r"^\d{1,3}:\d{2}:\d{2}", value):
        raise DurationParseError(_("Count whole minutes, without seconds."))
    for pattern in _PATTERNS:
        match = pattern.match(value)
        if match:
            groups = match.groupdict()
            hours = int(groups.get("h") or 0)
            minutes = int(groups.get("m") or 0)
            if groups.get("h") is not None and minutes >= 60:
                raise DurationParseError(_("Minutes go from 0 to 59."))
            return hours * 60 + minutes
    decimal = re.match(r"^(\d{1,3})(?:[.,](\d{1,4}))?\s*h(?:eures?)?$", value)
    if decimal:
        # "1,5 h" means one hour and a half.
        whole, fraction = decimal.group(1), decimal.group(2) or ""
        numerator = int(whole) * 10 ** len(fraction) * 60 + int(fraction or 0) * 60
        total, remainder = divmod(numerator, 10 ** len(fraction))
        if remainder:
            raise DurationParseError(_("Count whole minutes, without seconds."))
        return total
    # A bare number is never guessed: "3" may mean 3 hours or 3 minutes.
    if re.match(r"^\d{1,5}$", value):
        raise DurationParseError(_("Say the unit: %(value)s h or %(value)s min?") % {"value": value})
    if re.match(r"^\d{1,3}[.,]\d{1,4}$", value):
        raise DurationParseError(_("Say the unit: %(value)s h?") % {"value": value.replace(".", ",")})
    raise DurationParseError(_("Write the duration like 1 h 30, 45 min or 2 h."))
