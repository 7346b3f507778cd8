"""Issue 9 item 7: every form that chooses a neighbourhood groups them by commune (one shared field),
and a neighbourhood of another commune is refused naming both communes."""

import inspect

import pytest
from django import forms

from entraide.core.discovery import app_modules
from entraide.diagnosis.forms import NeedForm
from entraide.people.forms import ProfileForm
from entraide.territories.forms import NeighbourhoodField
from entraide.territories.models import Neighbourhood

from ..factories import CommuneFactory, NeighbourhoodFactory


def form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module in app_modules("forms"):
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_every_form_choosing_a_neighbourhood_uses_the_shared_field():
    choosing = {
        f"{form.__module__}.{form.__name__}.{name}": field
        for form in form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.ModelChoiceField)
        and (getattr(field.queryset, "model", None) is Neighbourhood or name in ("neighbourhood", "quartier"))
    }
    assert len(choosing) >= 5  # profile, post, board filters, need, initiative, directory filters…
    assert [name for name, field in choosing.items() if not isinstance(field, NeighbourhoodField)] == []


@pytest.mark.django_db
def test_neighbourhoods_show_in_one_group_per_commune(territory, commune, neighbourhood, resident):
    other = CommuneFactory(territory=territory, insee_code="81999", name="Bessières")
    NeighbourhoodFactory(commune=other, name="Le Bourg")

    html = str(ProfileForm(instance=resident, territory=territory)["neighbourhood"])

    assert f'<optgroup label="{commune.name}">' in html and '<optgroup label="Bessières">' in html
    assert html.index('label="Bessières"') < html.index(f'label="{commune.name}"')  # by commune name
    assert ">Le Bourg</option>" in html


@pytest.mark.django_db
def test_it_names_both_communes_in_the_error(territory, commune, neighbourhood):
    other = CommuneFactory(territory=territory, insee_code="81999", name="Bessières")
    form = NeedForm(
        {"description": "Personne pour les courses", "commune": other.pk, "neighbourhood": neighbourhood.pk},
        territory=territory,
    )

    assert not form.is_valid()
    assert form.errors["neighbourhood"] == [
        f"{neighbourhood.name} est à {commune.name}, pas à Bessières\u00a0: "
        "choisissez un quartier de Bessières."
    ]
