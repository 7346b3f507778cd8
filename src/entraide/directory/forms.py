from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.core.validators import WebURLField, WebURLLinesField
from entraide.territories.models import Commune, Neighbourhood, Territory

from .enums import Audience, InitiativeKind
from .models import Holder, Initiative, Service

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class InitiativeForm(forms.ModelForm):
    website = WebURLField(
        label=Initiative._meta.get_field("website").verbose_name, required=False, max_length=200
    )
    links = WebURLLinesField(
        label=Initiative._meta.get_field("links").verbose_name,
        required=False,
        help_text=Initiative._meta.get_field("links").help_text,
    )

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

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.territory_id:
            self.instance.territory = territory
        self.fields["commune"].queryset = Commune.objects.in_territory(territory)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.in_territory(territory).select_related(
            "commune"
        )
        self.fields["categories"].queryset = Category.objects.in_territory(territory).active()
        self.fields["latitude"].help_text = _("Only for a public place, e.g. 43.8041.")
        self.fields["longitude"].help_text = _("e.g. 1.6325.")

    def clean(self):
        cleaned = super().clean()
        commune, neighbourhood = cleaned.get("commune"), cleaned.get("neighbourhood")
        if neighbourhood and not commune:
            cleaned["commune"] = neighbourhood.commune
        return cleaned


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
    quartier = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.none(),
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
        self.fields["quartier"].queryset = Neighbourhood.objects.in_territory(territory).select_related(
            "commune"
        )

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
            "A CSV file (as exported by this site or a spreadsheet) or a data·inclusion "
            "structures JSON file. At most 5 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("This file is too large (%(size)s MB); the limit is 5 MB.")
                % {"size": round(upload.size / 1024 / 1024, 1)}
            )
        return upload
