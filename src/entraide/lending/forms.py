import datetime

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from entraide.core.calendars import local_zone
from entraide.core.dates import BoundedDateField
from entraide.directory.models import Initiative
from entraide.territories.forms import NeighbourhoodField, check_neighbourhood_in_commune
from entraide.territories.models import Commune, Neighbourhood

from . import hours, rules, services
from .enums import ItemKind, OwnerKind
from .models import Item, SupportRequest

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=Commune.objects.none(), required=False, empty_label=_("All communes")
    )
    neighbourhood = NeighbourhoodField(
        required=False, empty_label=_("All neighbourhoods"), to_field_name="public_id"
    )

    def __init__(self, *args, territory, user, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = (
            ItemKind.choices
            if user.is_authenticated
            else [c for c in ItemKind.choices if c[0] != ItemKind.OBJECT]
        )
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]
        self.fields["commune"].queryset = Commune.objects.in_territory(territory)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.in_territory(territory)

    def apply(self, items):
        if not self.is_valid():
            return items
        data = self.cleaned_data
        if data.get("kind"):
            items = items.filter(kind=data["kind"])
        if data.get("commune"):
            items = items.filter(commune=data["commune"])
        if data.get("neighbourhood"):
            items = items.filter(neighbourhood=data["neighbourhood"])
        return items


class SlotForm(forms.Form):
    """A date and times; `clean()` gives aware `start` and `end` and applies the item's rules."""

    date = BoundedDateField(label=_("Date"), days_before=0, days_after=365)
    start_time = forms.TimeField(label=_("From (time)"), widget=TIME)
    end_date = BoundedDateField(
        label=_("Return date"),
        days_before=0,
        days_after=400,
        required=False,
        help_text=_("Leave empty when it is the same day."),
    )
    end_time = forms.TimeField(label=_("Until (time)"), widget=TIME)

    def __init__(self, *args, item: Item, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.item, self.by = item, by

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        zone = local_zone()
        start = datetime.datetime.combine(data["date"], data["start_time"], tzinfo=zone)
        end = datetime.datetime.combine(data.get("end_date") or data["date"], data["end_time"], tzinfo=zone)
        data["start"], data["end"] = start, end
        for error in services.slot_errors(self.item, start, end, by=self.by):
            self.add_error(None, error)
        return data


class BookingForm(SlotForm):
    purpose = forms.CharField(label=_("What for"), max_length=300, required=False)
    initiative = forms.ModelChoiceField(
        label=_("For the initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("For myself"),
        to_field_name="public_id",
    )

    def __init__(self, *args, item: Item, by, **kwargs):
        super().__init__(*args, item=item, by=by, **kwargs)
        held = rules.held_initiative_ids(by)
        if held:
            self.fields["initiative"].queryset = Initiative.objects.in_territory(item.territory).filter(
                pk__in=held
            )
        else:
            del self.fields["initiative"]


class DeskBookingForm(SlotForm):
    """A referent books for a person without internet, or an association that phoned."""

    person = forms.ModelChoiceField(
        label=_("For the person"), queryset=None, to_field_name="public_id", empty_label=_("Choose…")
    )
    initiative = forms.ModelChoiceField(
        label=_("For the initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("No initiative"),
        to_field_name="public_id",
    )
    purpose = forms.CharField(label=_("What for"), max_length=300, required=False)

    def __init__(self, *args, item: Item, by, people, **kwargs):
        super().__init__(*args, item=item, by=by, **kwargs)
        self.fields["person"].queryset = people
        self.fields["initiative"].queryset = (
            Initiative.objects.in_territory(item.territory).published().order_by("name")
        )


class WaitingForm(forms.Form):
    start = forms.DateTimeField(widget=forms.HiddenInput)
    end = forms.DateTimeField(widget=forms.HiddenInput)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (the person will read it)"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class CheckForm(forms.Form):
    checks = forms.MultipleChoiceField(
        label=_("Checklist"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    note = forms.CharField(label=_("Condition"), max_length=300, required=False)

    def __init__(self, *args, item: Item, **kwargs):
        super().__init__(*args, **kwargs)
        lines = item.checklist_lines()
        if lines:
            self.fields["checks"].choices = [(line, line) for line in lines]
        else:
            del self.fields["checks"]


class SupportForm(forms.ModelForm):
    wanted_by = BoundedDateField(label=_("Needed by"), days_before=0, days_after=365)

    class Meta:
        model = SupportRequest
        fields = ["what", "wanted_by", "meetup", "initiative"]

    def __init__(self, *args, item: Item, by, **kwargs):
        super().__init__(*args, **kwargs)
        from entraide.meetups.models import Meetup

        self.instance.item = item

        self.fields["meetup"].queryset = (
            Meetup.objects.in_territory(item.territory).published().order_by("-starts_at")
        )
        self.fields["meetup"].required = False
        held = rules.held_initiative_ids(by)
        self.fields["initiative"].queryset = Initiative.objects.in_territory(item.territory).filter(
            pk__in=held
        )
        if not held:
            del self.fields["initiative"]


class WeekdaysField(forms.MultipleChoiceField):
    """Open days as one checkbox per weekday, stored as ISO digits ("12345"); a posted "12345"
    (the former text field) is read too."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [(str(d), capfirst(hours.weekday_name(d))) for d in hours.WEEKDAYS])
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = [value]
        digits = []
        for part in super().to_python(value):
            digits.extend(part if part.isdigit() else [part])
        return digits

    def clean(self, value) -> str:
        days = super().clean(value)
        return "".join(sorted(set(days)))


class ItemForm(forms.ModelForm):
    """The same form for a resident's object and the commune's catalogue; residents see fewer fields.

    Opening hours: one range for the open days, and, folded at the end, an optional range for each
    weekday (`day_<n>_opens`, `day_<n>_closes`) stored in `Item.day_hours`."""

    photo_file = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("Optional. JPEG or PNG; we resize it and remove its metadata (place, device)."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
    neighbourhood = NeighbourhoodField(required=False)
    open_days = WeekdaysField(
        label=_("Open days"), error_messages={"required": _("Tick at least one open day.")}
    )

    RESIDENT_FIELDS = ["name", "description", "care_notes", "longest_hours", "notice_hours", "conditions"]

    class Meta:
        model = Item
        fields = [
            "kind",
            "name",
            "description",
            "care_notes",
            "owner_kind",
            "initiative",
            "business_name",
            "commune",
            "neighbourhood",
            "address",
            "capacity",
            "step_free",
            "equipment_inside",
            "notice_hours",
            "longest_hours",
            "buffer_minutes",
            "opens_at",
            "closes_at",
            "open_days",
            "borrowers",
            "auto_approve",
            "conditions",
            "checklist",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "care_notes": forms.Textarea(attrs={"rows": 3}),
            "checklist": forms.Textarea(attrs={"rows": 3}),
            "opens_at": TIME,
            "closes_at": TIME,
        }
        help_texts = {
            "opens_at": _("Hand-over and return from this time on open days; empty: at any time."),
            "closes_at": _("Another time on some days: “Other hours on some days”, at the end of the form."),
        }

    folded_label = _("Other hours on some days (optional): a Saturday morning, a late Thursday…")

    def __init__(self, *args, territory, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.photo = None
        self.had_gps = False
        own_hours = hours.parse_day_hours(self.instance.day_hours)
        self.folded_fields = []
        for day in hours.WEEKDAYS:
            name = capfirst(hours.weekday_name(day))
            opens, closes = own_hours.get(day, (None, None))
            for suffix, label, initial in (
                ("opens", _("%(day)s, opens at"), opens),
                ("closes", _("%(day)s, closes at"), closes),
            ):
                field_name = f"day_{day}_{suffix}"
                self.fields[field_name] = forms.TimeField(
                    label=label % {"day": name}, required=False, widget=TIME
                )
                self.initial.setdefault(field_name, initial)
                self.folded_fields.append(field_name)
        if self.instance.pk or "open_days" not in self.initial:
            self.initial["open_days"] = list(self.instance.open_days)
        self.for_resident = not rules.looks_after_commune(by, territory, by.commune_id) and not (
            self.instance.pk and self.instance.owner_kind != OwnerKind.RESIDENT
        )
        if self.for_resident:
            keep = {*self.RESIDENT_FIELDS, "checklist", "is_active", "photo_file", "remove_photo"}
            for name in list(self.fields):
                if name not in keep:
                    del self.fields[name]
            self.instance.kind = ItemKind.OBJECT
            self.instance.owner_kind = OwnerKind.RESIDENT
            self.instance.commune_id = by.commune_id
            return
        self.fields["commune"].queryset = Commune.objects.in_territory(territory)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.in_territory(territory)
        self.fields["initiative"].queryset = Initiative.objects.in_territory(territory).order_by("name")

    def clean(self):
        data = super().clean()
        if "neighbourhood" in self.fields:
            check_neighbourhood_in_commune(self, data.get("commune"), data.get("neighbourhood"))
        if "opens_at" in self.fields:
            self._check_range("opens_at", "closes_at")
            own_hours = {}
            for day in hours.WEEKDAYS:
                pair = self._check_range(f"day_{day}_opens", f"day_{day}_closes", day=day)
                if pair is not None:
                    own_hours[day] = pair
            self.instance.day_hours = hours.store_day_hours(own_hours)
            if data.get("open_days") is not None and own_hours:
                # A day given its own hours is open: no need to tick it as well.
                data["open_days"] = "".join(sorted(set(data["open_days"]) | {str(d) for d in own_hours}))
        return data

    def _check_range(self, opens_name: str, closes_name: str, *, day: int | None = None):
        """Both times or neither, the closing after the opening; the error on the field to fix."""
        data = self.cleaned_data
        if opens_name in self.errors or closes_name in self.errors:
            return None
        opens, closes = data.get(opens_name), data.get(closes_name)
        if opens is None and closes is None:
            return None
        if opens is None:
            self.add_error(opens_name, _("Give the opening time too, or neither."))
        elif closes is None:
            self.add_error(closes_name, _("Give the closing time too, or neither."))
        elif closes <= opens:
            self.add_error(
                closes_name,
                _("The closing time must come after the opening time (%(opens)s).")
                % {"opens": hours.clock(opens)},
            )
        else:
            return opens, closes
        return None

    def clean_photo_file(self):
        upload = self.cleaned_data.get("photo_file")
        if upload:
            self.photo, self.had_gps = services.prepare_photo(upload)
        return upload
