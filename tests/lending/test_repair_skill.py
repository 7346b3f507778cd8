"""Issue 12: "can repair" is a skill people offer. The default categories (the themes people say
they can help with on their profile) include "Réparation", and "Qui peut aider ?" lists the
menders under that theme."""

import pytest
from django.utils import translation

from entraide.categories.defaults import ensure_default_categories
from entraide.categories.models import Category
from entraide.people.forms import ProfileForm

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_repair_is_a_default_theme_offered_on_the_profile(territory, resident):
    ensure_default_categories(territory)
    repair = Category.objects.in_territory(territory).get(slug="reparation")
    assert repair.name == "Réparation" and "débranché" in repair.safety_note
    with translation.override("en"):
        assert str(repair).startswith("Repairs")
    with translation.override("fr"):
        assert str(repair) == "Réparation"
    html = str(ProfileForm(instance=resident, territory=territory)["help_categories"])
    assert "Réparation" in html


def test_who_can_help_lists_the_menders(client_for, territory, commune, neighbourhood, resident):
    ensure_default_categories(territory)
    categories = {c.slug: c for c in Category.objects.in_territory(territory)}
    mender = UserFactory(
        commune=commune, neighbourhood=neighbourhood, display_name="Marc R.", listed_as_helper=True
    )
    mender.help_categories.set([categories["reparation"]])
    gardener = UserFactory(commune=commune, display_name="Jardinier J.", listed_as_helper=True)
    gardener.help_categories.set([categories["jardinage"]])

    page = client_for(resident).get("/tableau/qui-peut-aider/", {"category": "reparation"}).content.decode()

    assert "Marc R." in page and "Jardinier J." not in page
    assert '<option value="reparation" selected>' in page
