"""Form fields shared by every form that chooses a place."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Neighbourhood


class GroupedByCommune(forms.models.ModelChoiceIterator):
    """Neighbourhoods as one option group per commune (`<optgroup label="Commune">`)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for neighbourhood in self.queryset:
            groups.setdefault(neighbourhood.commune.name, []).append(self.choice(neighbourhood))
        yield from groups.items()


class NeighbourhoodField(forms.ModelChoiceField):
    """The one way to choose a neighbourhood: grouped by commune, ordered by commune then name."""

    iterator = GroupedByCommune

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("label", _("Neighbourhood"))
        super().__init__(Neighbourhood.objects.none() if queryset is None else queryset, **kwargs)

    def label_from_instance(self, obj) -> str:
        return obj.name  # the commune is the group's label

    def _set_queryset(self, queryset):
        if queryset is not None:
            queryset = queryset.select_related("commune").order_by("commune__name", "name")
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


def check_neighbourhood_in_commune(form: forms.Form, commune, neighbourhood) -> None:
    """Add the error, naming both communes, when the neighbourhood is not in the chosen commune."""
    if neighbourhood and commune and neighbourhood.commune_id != commune.pk:
        form.add_error(
            "neighbourhood",
            _(
                "%(neighbourhood)s is in %(its_commune)s, not in %(commune)s: "
                "choose a neighbourhood of %(commune)s."
            )
            % {
                "neighbourhood": neighbourhood.name,
                "its_commune": neighbourhood.commune.name,
                "commune": commune.name,
            },
        )
