import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.core.calendars import local_zone
from entraide.core.dates import BoundedDateField
from entraide.directory.models import Initiative
from entraide.lending.enums import ItemKind, OwnerKind
from entraide.lending.models import Item
from entraide.people.models import User
from entraide.territories.forms import GroupedByCommune
from entraide.territories.models import Commune

from . import recurrence
from .enums import Repeat
from .models import Meetup, MeetupKind

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MAX_ROOMS = 200  # the rooms offered in the list, whatever the catalogue's size


class RoomsByCommune(GroupedByCommune):
    def __init__(self, field):
        super().__init__(field)
        self.queryset = self.queryset[:MAX_ROOMS]


class RoomField(forms.ModelChoiceField):
    """A room of the lending catalogue, grouped by commune (a bounded list)."""

    iterator = RoomsByCommune

    def label_from_instance(self, obj) -> str:
        return obj.name


def rooms_of(territory):
    return (
        Item.objects.in_territory(territory)
        .active()
        .filter(kind=ItemKind.ROOM)
        .exclude(owner_kind=OwnerKind.RESIDENT)
        .select_related("commune")
        .order_by("commune__name", "name", "pk")
    )


class MeetupForm(forms.ModelForm):
    date = BoundedDateField(label=_("Date (the first one, if it repeats)"), days_before=0, days_after=730)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME)
    end_time = forms.TimeField(label=_("End time"), widget=TIME, help_text=_("The same day."))
    repeat = forms.ChoiceField(label=_("Repetition"), choices=Repeat.choices, required=False)
    repeat_until = BoundedDateField(
        label=_("Last date of the repetition"),
        days_before=0,
        days_after=1100,
        required=False,
        help_text=_("Optional: without it, the meetup repeats until you stop it."),
    )

    class Meta:
        model = Meetup
        fields = [
            "kind",
            "title",
            "description",
            "commune",
            "place",
            "room",
            "address",
            "step_free",
            "hearing_loop",
            "transport_offered",
            "what_to_bring",
            "for_whom",
            "organiser_initiative",
            "registration_required",
            "capacity",
            "guests_allowed",
            "approval_required",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        field_classes = {"room": RoomField}

    field_order = ["kind", "title", "description", "date", "start_time", "end_time", "repeat", "repeat_until"]

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.territory = territory
        self.fields["kind"].queryset = MeetupKind.objects.in_territory(territory).filter(is_active=True)
        self.fields["commune"].queryset = Commune.objects.in_territory(territory)
        initiatives = Initiative.objects.in_territory(territory).published().order_by("name")
        self.fields["place"].queryset = initiatives
        self.fields["organiser_initiative"].queryset = initiatives
        self.fields["room"].queryset = rooms_of(territory)
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1
        self.fields["guests_allowed"].widget.attrs.update({"min": 0, "max": 5})
        if self.instance.pk:
            start = timezone.localtime(self.instance.starts_at)
            self.fields["date"].days_before = None
            self.initial.update(
                date=start.date(),
                start_time=start.time(),
                end_time=timezone.localtime(self.instance.ends_at).time(),
                repeat=recurrence.repeat_of(self.instance.rrule),
                repeat_until=recurrence.until_of(self.instance.rrule),
            )

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and capacity < 1:
            raise forms.ValidationError(_("A meetup has at least one place."))
        return capacity

    def clean_guests_allowed(self):
        guests = self.cleaned_data.get("guests_allowed") or 0
        if guests > 5:
            raise forms.ValidationError(_("At most five guests per person."))
        return guests

    def clean(self):
        data = super().clean()
        date, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if date and start and end:
            if end <= start:
                self.add_error("end_time", _("The end comes before the start: check the times."))
            else:
                zone = local_zone()
                self.instance.starts_at = datetime.datetime.combine(date, start, tzinfo=zone)
                self.instance.ends_at = datetime.datetime.combine(date, end, tzinfo=zone)
        until = data.get("repeat_until")
        repeat = data.get("repeat") or Repeat.NONE
        if until and date and until < date:
            self.add_error("repeat_until", _("The last date comes before the first one."))
        if until and repeat == Repeat.NONE:
            self.add_error("repeat_until", _("Choose a repetition, or leave the last date empty."))
        if self.instance.starts_at and not self.errors:
            self.instance.rrule = recurrence.build(repeat, self.instance.starts_at, until)
        room = data.get("room")
        if room and data.get("commune") and room.commune_id != data["commune"].pk:
            self.add_error(
                "room",
                _("%(room)s is in %(its_commune)s, not in %(commune)s: choose a room of %(commune)s.")
                % {"room": room.name, "its_commune": room.commune.name, "commune": data["commune"].name},
            )
        if not data.get("place") and not room and not (data.get("address") or "").strip():
            self.add_error(
                "address",
                _("Say where: choose a place from the directory, a room, or write an address."),
            )
        if not data.get("registration_required"):
            data["capacity"] = None
            data["approval_required"] = False
            data["guests_allowed"] = 0
        return data


class FilterForm(forms.Form):
    """The list's filters (GET); every field optional."""

    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=None, required=False, empty_label=_("All"), to_field_name="insee_code"
    )
    type = forms.ModelChoiceField(
        label=_("Kind"), queryset=None, required=False, empty_label=_("All"), to_field_name="slug"
    )

    def __init__(self, data, *, territory):
        super().__init__(data)
        self.fields["commune"].queryset = Commune.objects.in_territory(territory)
        self.fields["type"].queryset = MeetupKind.objects.in_territory(territory).filter(is_active=True)

    def apply(self, occurrences):
        if not self.is_valid():
            return occurrences
        if self.cleaned_data["commune"] is not None:
            occurrences = occurrences.filter(meetup__commune=self.cleaned_data["commune"])
        if self.cleaned_data["type"] is not None:
            occurrences = occurrences.filter(meetup__kind=self.cleaned_data["type"])
        return occurrences

    def query(self) -> str:
        from urllib.parse import urlencode

        if not self.is_valid():
            return ""
        pairs = []
        if self.cleaned_data["commune"] is not None:
            pairs.append(("commune", self.cleaned_data["commune"].insee_code))
        if self.cleaned_data["type"] is not None:
            pairs.append(("type", self.cleaned_data["type"].slug))
        return urlencode(pairs)


class RegisterForm(forms.Form):
    guests = forms.IntegerField(label=_("People coming with you"), min_value=0, initial=0, required=False)

    def __init__(self, *args, meetup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guests"].widget.attrs["max"] = meetup.guests_allowed
        if not meetup.guests_allowed:
            self.fields["guests"].widget = forms.HiddenInput()
        self.meetup = meetup

    def clean_guests(self):
        guests = self.cleaned_data["guests"] or 0
        if guests > self.meetup.guests_allowed:
            if self.meetup.guests_allowed:
                raise forms.ValidationError(
                    _("You may bring at most %(n)s person.") % {"n": self.meetup.guests_allowed}
                )
            raise forms.ValidationError(_("This meetup takes no guests: each person registers."))
        return guests


class DeskRegisterForm(RegisterForm):
    person = forms.ModelChoiceField(
        label=_("Person without internet"), queryset=None, to_field_name="public_id"
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class CancelDateForm(forms.Form):
    date = forms.DateField(
        label=_("Date to cancel"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Give the date to cancel.")},
    )


class TrustForm(forms.Form):
    """A referent trusts a person of the territory, found by their email address, to publish
    meetups without waiting."""

    email = forms.EmailField(
        label=_("Email address of the person to trust"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Give the person's email address.")},
    )

    def __init__(self, *args, territory, **kwargs):
        kwargs.setdefault("auto_id", "trust-%s")
        super().__init__(*args, **kwargs)
        self.territory = territory

    def clean_email(self):
        """The person (not the address): someone active of this territory, or an error on the field."""
        email = self.cleaned_data["email"]
        person = User.objects.in_territory(self.territory).filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(_("No one of the territory has this email address."))
        return person


class CloseForm(forms.Form):
    present = forms.IntegerField(label=_("People present"), min_value=0, max_value=10000)
    first_timers = forms.IntegerField(
        label=_("Of whom came for the first time"), min_value=0, max_value=10000, required=False
    )
    report = forms.CharField(
        label=_("What happened, in a few lines"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        present, first = data.get("present"), data.get("first_timers")
        if present is not None and first is not None and first > present:
            self.add_error(
                "first_timers",
                _("The people who came for the first time are among those present: at most %(n)s.")
                % {"n": present},
            )
        return data
