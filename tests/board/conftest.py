import pytest

from entraide.categories.defaults import ensure_default_categories
from entraide.categories.models import Category

from ..factories import UserFactory


@pytest.fixture
def categories(territory):
    ensure_default_categories(territory)
    return {c.slug: c for c in Category.objects.in_territory(territory)}


@pytest.fixture
def transport(categories):
    return categories["transport"]


@pytest.fixture
def assisted(commune, neighbourhood):
    return UserFactory(
        commune=commune, neighbourhood=neighbourhood, assisted=True, display_name="Germaine V."
    )


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """`with committing():` runs the on-commit callbacks (emails) of what happens inside."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
