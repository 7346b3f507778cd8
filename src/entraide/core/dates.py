"""One date field for every date a person types, bounded around today.

Without bounds, 9999-12-31 was accepted on a post and then sorted, shown and
expired as if real. Each form says how far back and ahead makes sense; the
browser's date picker gets the same bounds (min/max), and the server checks them.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class BoundedDateField(forms.DateField):
    def __init__(self, *, days_before: int | None = None, days_after: int | None = None, **kwargs):
        self.days_before, self.days_after = days_before, days_after
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def bounds(self) -> tuple[datetime.date | None, datetime.date | None]:
        today = timezone.localdate()
        earliest = today - datetime.timedelta(days=self.days_before) if self.days_before is not None else None
        latest = today + datetime.timedelta(days=self.days_after) if self.days_after is not None else None
        return earliest, latest

    def __deepcopy__(self, memo):
        # Each form gets its own copy of its fields: the date picker's bounds are those of today,
        # not of the day the form's class was defined (when the server started).
        result = super().__deepcopy__(memo)
        result.widget.attrs.update(result.widget_attrs(result.widget))
        return result

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        earliest, latest = self.bounds()
        if earliest:
            attrs["min"] = earliest.isoformat()
        if latest:
            attrs["max"] = latest.isoformat()
        return attrs

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        earliest, latest = self.bounds()
        if latest is not None and value > latest:
            if self.days_after == 0:
                raise forms.ValidationError(_("The date cannot be in the future."), code="future")
            raise forms.ValidationError(
                _("Choose a date up to %(date)s.") % {"date": date_format(latest, "SHORT_DATE_FORMAT")},
                code="too_late",
            )
        if earliest is not None and value < earliest:
            raise forms.ValidationError(
                _("Choose a date from %(date)s.") % {"date": date_format(earliest, "SHORT_DATE_FORMAT")},
                code="too_early",
            )


# Dates read from a query string (?semaine=, ?mois=, ?date=) ----------------------------------

QUERY_YEARS = 50  # how far from today a date in an address may lie


def day_from_query(value: str | None) -> datetime.date | None:
    """The day `YYYY-MM-DD` of a query string, or None when it is not a day or lies more than
    `QUERY_YEARS` from today: a page then steps a week or a month from it without leaving the
    calendar (9999-12-31 plus a week is not a date), and shows its default instead."""
    try:
        day = datetime.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None
    today = timezone.localdate()
    return day if abs(day.year - today.year) <= QUERY_YEARS else None


def month_from_query(value: str | None) -> datetime.date | None:
    """The first day of the month `YYYY-MM` of a query string, or None (see `day_from_query`)."""
    return day_from_query((value or "")[:7] + "-01") if len(value or "") >= 7 else None
