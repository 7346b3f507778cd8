import decimal
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.core.validators import WebURLField, WebURLLinesField
from entraide.territories.forms import NeighbourhoodField, check_neighbourhood_in_commune
from entraide.territories.models import Commune, Neighbourhood, Territory

from . import geocoding, opening_hours
from .enums import Audience, InitiativeKind
from .models import COORDINATE_DECIMALS, Holder, Initiative, Service

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_MB = MAX_IMPORT_BYTES // 1024 // 1024
IMPORT_EXTENSIONS = (".csv", ".txt", ".tsv", ".json", ".xlsx", ".xlsm", ".xls", ".ods")


class CoordinateField(forms.DecimalField):
    """A latitude or longitude at any precision (real files carry up to 15 decimals), kept to 7 (1 cm)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", ".").strip()
        number = super().to_python(value)
        if number is None:
            return None
        return number.quantize(
            decimal.Decimal(1).scaleb(-COORDINATE_DECIMALS), rounding=decimal.ROUND_HALF_EVEN
        )


def _day_labels() -> list[tuple[str, str]]:
    return [
        ("Mo", _("Monday")),
        ("Tu", _("Tuesday")),
        ("We", _("Wednesday")),
        ("Th", _("Thursday")),
        ("Fr", _("Friday")),
        ("Sa", _("Saturday")),
        ("Su", _("Sunday")),
    ]


SLOTS = 2  # morning and afternoon: two opening spans a day
_TIME = re.compile(r"^([01]?\d|2[0-4])[:hH.]?([0-5]\d)?$")


class OpeningHoursWidget(forms.MultiWidget):
    """A table of the week: for each day, opens at / closes at, twice; then “in your own words”."""

    template_name = "directory/widgets/opening_hours.html"

    def __init__(self, attrs=None):
        widgets = []
        for _day in opening_hours.DAYS:
            for _slot in range(SLOTS):
                widgets += [
                    forms.TimeInput(attrs={"type": "time", "step": 300}),
                    forms.TimeInput(attrs={"type": "time", "step": 300}),
                ]
        widgets.append(forms.TextInput(attrs={"maxlength": 300}))
        super().__init__(widgets, attrs)

    def value_from_datadict(self, data, files, name):
        if name in data:  # the hours as one text (an older form, a script): shown in the grid when they fit
            return self.decompress(data.get(name))
        return super().value_from_datadict(data, files, name)

    def decompress(self, value):
        week = opening_hours.to_week(value or "")
        if week is None:
            return [""] * (len(opening_hours.DAYS) * SLOTS * 2) + [value]
        values = []
        for day in opening_hours.DAYS:
            spans = list(week.get(day, []))[:SLOTS]
            spans += [("", "")] * (SLOTS - len(spans))
            for start, end in spans:
                values += [start, end]
        return [*values, ""]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        subwidgets = context["widget"]["subwidgets"]
        per_day = SLOTS * 2
        context["days"] = [
            {
                "label": label,
                "slots": [subwidgets[i * per_day + 2 * s : i * per_day + 2 * s + 2] for s in range(SLOTS)],
            }
            for i, (_code, label) in enumerate(_day_labels())
        ]
        context["other"] = subwidgets[-1]
        return context

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_


class OpeningHoursField(forms.MultiValueField):
    """Entered by day and time, stored in the standard syntax (`Mo-Fr 09:00-12:00`)."""

    widget = OpeningHoursWidget

    def __init__(self, **kwargs):
        count = len(opening_hours.DAYS) * SLOTS * 2
        fields = [forms.CharField(required=False) for _ in range(count)]
        fields.append(forms.CharField(required=False, max_length=300))
        kwargs.setdefault("require_all_fields", False)
        kwargs.pop("max_length", None)
        super().__init__(fields=fields, **kwargs)

    @staticmethod
    def _time(text: str) -> str | None:
        match = _TIME.match(text.strip())
        if not match:
            return None
        hours, minutes = int(match.group(1)), int(match.group(2) or 0)
        return None if hours == 24 and minutes else f"{hours:02d}:{minutes:02d}"

    def compress(self, data_list):
        if not data_list:
            return ""
        *times, other = data_list
        week: dict[str, list[tuple[str, str]]] = {}
        per_day = SLOTS * 2
        for index, (day, label) in enumerate(_day_labels()):
            for slot in range(SLOTS):
                start, end = (times[index * per_day + 2 * slot + k] or "" for k in (0, 1))
                if not start and not end:
                    continue
                start_time, end_time = self._time(start), self._time(end)
                if not start_time or not end_time:
                    raise forms.ValidationError(
                        _("%(day)s: give an opening and a closing time, like 09:00 and 12:00.")
                        % {"day": label}
                    )
                if end_time <= start_time:
                    raise forms.ValidationError(
                        _("%(day)s: the closing time comes before the opening time.") % {"day": label}
                    )
                week.setdefault(day, []).append((start_time, end_time))
        other = (other or "").strip()
        if week and other:
            raise forms.ValidationError(_("Give the hours either day by day or in your own words, not both."))
        return opening_hours.from_week(week) if week else other


class InitiativeForm(forms.ModelForm):
    website = WebURLField(
        label=Initiative._meta.get_field("website").verbose_name, required=False, max_length=200
    )
    links = WebURLLinesField(
        label=Initiative._meta.get_field("links").verbose_name,
        required=False,
        help_text=Initiative._meta.get_field("links").help_text,
    )
    # Placed from the address (Base Adresse Nationale) or by a click on the map, never typed.
    latitude = CoordinateField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    longitude = CoordinateField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    opening_hours = OpeningHoursField(
        label=Initiative._meta.get_field("opening_hours").verbose_name,
        required=False,
        help_text=_(
            "Day by day; leave a day empty when it is closed. Or in your own words, in the last box."
        ),
    )
    geocode = True  # place the point from the address when the form has none (the importer does not)

    class Meta:
        model = Initiative
        fields = [
            "name",
            "kind",
            "description",
            "categories",
            "audience",
            "audience_note",
            "commune",
            "neighbourhood",
            "has_public_place",
            "address",
            "postal_code",
            "latitude",
            "longitude",
            "opening_hours",
            "contact_phone",
            "contact_email",
            "website",
            "links",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "categories": forms.CheckboxSelectMultiple,
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        field_classes = {"neighbourhood": NeighbourhoodField}

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.territory_id:
            self.instance.territory = territory
        self.fields["commune"].queryset = Commune.objects.in_territory(territory)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.in_territory(territory)
        self.fields["categories"].queryset = Category.objects.in_territory(territory).active()
        self.fields["address"].help_text = _(
            "The point on the map is placed from this address (Base Adresse Nationale)."
        )

    def clean(self):
        cleaned = super().clean()
        commune, neighbourhood = cleaned.get("commune"), cleaned.get("neighbourhood")
        check_neighbourhood_in_commune(self, commune, neighbourhood)
        if neighbourhood and not commune:
            cleaned["commune"] = neighbourhood.commune
        if "latitude" in self.errors or "longitude" in self.errors:
            # One bad coordinate: say that one, not also “give both”.
            cleaned["latitude"] = cleaned["longitude"] = None
            self.instance.latitude = self.instance.longitude = None
        elif self.geocode:
            self._place_point(cleaned)
        return cleaned

    def _place_point(self, cleaned: dict) -> None:
        """A public place gets its point from its address, when the address changed or there is no point."""
        if not cleaned.get("has_public_place") or not cleaned.get("address") or not cleaned.get("commune"):
            return
        moved = {"address", "postal_code", "commune"} & set(self.changed_data)
        has_point = cleaned.get("latitude") is not None and cleaned.get("longitude") is not None
        if has_point and not (moved and not {"latitude", "longitude"} & set(self.changed_data)):
            return
        point = geocoding.locate(cleaned["address"], cleaned.get("postal_code", ""), cleaned["commune"])
        if point is not None:
            cleaned["latitude"], cleaned["longitude"] = point
        elif moved:  # the old point no longer matches the address; the commune's centre is not known
            cleaned["latitude"] = cleaned["longitude"] = None


class ProposalForm(InitiativeForm):
    i_run_it = forms.BooleanField(
        label=_("I am one of the people running it"),
        required=False,
        help_text=_("Once the referent has confirmed it, you will keep the entry up to date."),
    )


class CorrectionForm(InitiativeForm):
    correction_note = forms.CharField(
        label=_("A word for the referent (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if not self.changed_data or self.changed_data == ["correction_note"]:
            raise forms.ValidationError(_("You have not changed anything."))
        return cleaned


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "description", "service_type", "fee", "categories"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = Category.objects.in_territory(territory).active()


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Holder
        fields = ["role"]
        labels = {"role": _("Your role in the initiative (optional)")}


class FilterForm(forms.Form):
    """The list's filters, read from the query string; unknown values are ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Category.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        to_field_name="insee_code",
        required=False,
        empty_label=_("All communes"),
    )
    quartier = NeighbourhoodField(
        to_field_name="public_id",
        required=False,
        empty_label=_("All neighbourhoods"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *InitiativeKind.choices], required=False
    )
    public = forms.ChoiceField(
        label=_("For whom"), choices=[("", _("Everyone and all publics")), *Audience.choices], required=False
    )

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Category.objects.in_territory(territory).active()
        self.fields["commune"].queryset = Commune.objects.in_territory(territory)
        self.fields["quartier"].queryset = Neighbourhood.objects.in_territory(territory)

    def filtered(self, queryset):
        """Apply the valid filters; an invalid one is dropped rather than failing the page."""
        from entraide.core.search import matches

        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        if data["q"]:
            queryset = queryset.filter(matches(data["q"]))
        if data["theme"]:
            queryset = queryset.filter(categories=data["theme"])
        if data["commune"]:
            queryset = queryset.filter(commune=data["commune"])
        if data["quartier"]:
            queryset = queryset.filter(neighbourhood=data["quartier"])
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["public"]:
            queryset = queryset.filter(audience__in=[data["public"], Audience.EVERYONE])
        return queryset

    def active_filters(self) -> dict[str, str]:
        """The query-string values that applied, to carry to the map and export links."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return {k: self.data[k] for k in self.fields if self.cleaned_data.get(k) and self.data.get(k)}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File to import"),
        help_text=_(
            "A spreadsheet (xlsx, ods, xls, or CSV and Excel's “Unicode text”) or a data·inclusion "
            "file (structures or services, JSON or CSV, as published or as the API answers). "
            "At most %(size)s MB."
        )
        % {"size": MAX_IMPORT_MB},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_EXTENSIONS)}),
    )
    progress = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("This file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1024 / 1024, 1), "limit": MAX_IMPORT_MB}
            )
        return upload
