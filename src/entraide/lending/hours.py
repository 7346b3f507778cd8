"""An item's opening hours: one range for its open days, and optionally another range on some days.

`Item.opens_at`–`Item.closes_at` (both empty: at any time) apply to every day of `Item.open_days`
(ISO weekdays, "1234567"), except the days given in `Item.day_hours` ({"6": ["09:00", "12:00"]}: on
Saturday, 9:00 to 12:00). A day outside `open_days` is closed. The hand-over and the return of a
loan fall inside the hours of their own day.
"""

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

if TYPE_CHECKING:
    from .models import Item

WEEKDAYS = range(1, 8)  # ISO: 1 = Monday
Range = tuple[datetime.time | None, datetime.time | None]  # (None, None): at any time


def weekday_name(weekday: int) -> str:
    """The ISO weekday's name as said inside a sentence ("samedi": lower case in French)."""
    return {
        1: pgettext("weekday inside a sentence", "Monday"),
        2: pgettext("weekday inside a sentence", "Tuesday"),
        3: pgettext("weekday inside a sentence", "Wednesday"),
        4: pgettext("weekday inside a sentence", "Thursday"),
        5: pgettext("weekday inside a sentence", "Friday"),
        6: pgettext("weekday inside a sentence", "Saturday"),
        7: pgettext("weekday inside a sentence", "Sunday"),
    }[weekday]


def _time(text) -> datetime.time | None:
    try:
        return datetime.time.fromisoformat(str(text))
    except ValueError:
        return None


def parse_day_hours(value) -> dict[int, tuple[datetime.time, datetime.time]]:
    """The stored per-day ranges, read; anything malformed is left out (the model refuses it)."""
    ranges = {}
    for key, pair in (value or {}).items():
        if not (str(key).isdigit() and int(key) in WEEKDAYS and isinstance(pair, list | tuple)):
            continue
        if len(pair) != 2:
            continue
        opens, closes = _time(pair[0]), _time(pair[1])
        if opens is not None and closes is not None and opens < closes:
            ranges[int(key)] = (opens, closes)
    return ranges


def check_day_hours(value) -> None:
    """Raise a ValidationError unless `value` is {"<ISO weekday>": ["HH:MM", "HH:MM"], …} with each
    closing after its opening."""
    if not isinstance(value, dict) or len(parse_day_hours(value)) != len(value):
        raise ValidationError(
            _("Give each day's hours as an opening time and a later closing time."), code="day_hours"
        )


def store_day_hours(ranges: dict[int, tuple[datetime.time, datetime.time]]) -> dict[str, list[str]]:
    return {
        str(day): [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
        for day, (opens, closes) in sorted(ranges.items())
    }


def hours_on(item: "Item", weekday: int) -> Range | None:
    """The item's hours on an ISO weekday: None when closed, (None, None) when at any time."""
    if str(weekday) not in item.open_days:
        return None
    own = parse_day_hours(item.day_hours).get(weekday)
    if own is not None:
        return own
    return item.opens_at, item.closes_at


def is_open(item: "Item", local: datetime.datetime, *, closing: bool = False) -> bool:
    """Whether a local moment falls in its day's hours (`closing`: the closing time itself counts)."""
    hours = hours_on(item, local.isoweekday())
    if hours is None:
        return False
    opens, closes = hours
    if opens is None:
        return True
    clock = local.time()
    return opens <= clock <= closes if closing else opens <= clock < closes


# Display ----------------------------------------------------------------------------------------


def clock(moment: datetime.time) -> str:
    """A time as said in the interface: "9 h", "9 h 30" in French."""
    if moment.minute == 0:
        return _("%(hour)d:00") % {"hour": moment.hour}
    return _("%(hour)d:%(minute)02d") % {"hour": moment.hour, "minute": moment.minute}


def range_display(hours: Range) -> str:
    opens, closes = hours
    if opens is None or closes is None:
        return _("at any time")
    return _("%(opens)s – %(closes)s") % {"opens": clock(opens), "closes": clock(closes)}


def _days_display(days: list[int]) -> str:
    """Consecutive days as one run ("lundi au vendredi"), runs joined ("lundi, mercredi et jeudi")."""
    if len(days) == 7:
        return _("every day")
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(
                _("%(first)s to %(last)s") % {"first": weekday_name(run[0]), "last": weekday_name(run[-1])}
            )
        else:
            parts.extend(weekday_name(day) for day in run)
    if len(parts) == 1:
        return parts[0]
    return _("%(some)s and %(last)s") % {"some": ", ".join(parts[:-1]), "last": parts[-1]}


def opening_display(item: "Item") -> str:
    """The item's hours in words ("lundi au vendredi 9 h – 17 h, samedi 9 h – 12 h"); empty when it
    is lent every day at any time."""
    groups: dict[Range, list[int]] = {}
    for day in WEEKDAYS:
        hours = hours_on(item, day)
        if hours is not None:
            groups.setdefault(hours, []).append(day)
    if list(groups) == [(None, None)] and len(groups[(None, None)]) == 7:
        return ""
    if not groups:
        return _("closed every day")
    return ", ".join(
        _("%(days)s %(hours)s") % {"days": _days_display(days), "hours": range_display(hours)}
        for hours, days in groups.items()
    )


def opening_errors(item: "Item", start: datetime.datetime, end: datetime.datetime) -> list[str]:
    """Why [start, end) (local, aware) does not fit the hours of its days; each day said once."""
    errors = []
    for moment, closing in ((start, False), (end, True)):
        if is_open(item, moment, closing=closing):
            continue
        weekday = moment.isoweekday()
        hours = hours_on(item, weekday)
        if hours is None:
            error = _("The item is not lent on %(day)s. Opening hours: %(hours)s.") % {
                "day": weekday_name(weekday),
                "hours": opening_display(item),
            }
        else:
            error = _("On %(day)s, loans start and end between %(opens)s and %(closes)s.") % {
                "day": weekday_name(weekday),
                "opens": clock(hours[0]),
                "closes": clock(hours[1]),
            }
        if error not in errors:
            errors.append(error)
    return errors
