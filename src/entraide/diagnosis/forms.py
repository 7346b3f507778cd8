from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.directory.models import Initiative
from entraide.territories.forms import NeighbourhoodField, check_neighbourhood_in_commune
from entraide.territories.models import Commune, Neighbourhood, Territory

from .models import Need, Snapshot


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = [
            "description",
            "category",
            "commune",
            "neighbourhood",
            "audience",
            "people_count",
            "source",
            "heard_on",
            "status",
            "answered_by",
            "other_answers",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "heard_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "answered_by": forms.CheckboxSelectMultiple,
        }
        field_classes = {"neighbourhood": NeighbourhoodField}

    def __init__(self, *args, territory: Territory, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.territory_id:
            self.instance.territory = territory
        self.fields["category"].queryset = Category.objects.in_territory(territory).active()
        self.fields["commune"].queryset = (
            communes if communes is not None else Commune.objects.in_territory(territory)
        )
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.in_territory(territory)
        if "answered_by" in self.fields:
            self.fields["answered_by"].queryset = (
                Initiative.objects.in_territory(territory)
                .published()
                .select_related("commune")
                .order_by("name")
            )

    def clean(self):
        cleaned = super().clean()
        commune, neighbourhood = cleaned.get("commune"), cleaned.get("neighbourhood")
        check_neighbourhood_in_commune(self, commune, neighbourhood)
        return cleaned


class SuggestNeedForm(NeedForm):
    """What a resident may say: what, theme, where, for whom. The rest is the referent's."""

    class Meta(NeedForm.Meta):
        fields = ["description", "category", "commune", "neighbourhood", "audience"]


class SnapshotForm(forms.ModelForm):
    class Meta:
        model = Snapshot
        fields = ["title"]
        labels = {"title": _("Title, e.g. “Diagnosis of March 2026”")}
