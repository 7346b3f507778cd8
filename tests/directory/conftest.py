import pytest

from .factories import CategoryFactory


@pytest.fixture
def theme(territory):
    return CategoryFactory(
        territory=territory,
        slug="courses",
        name="Courses",
        di_thematiques=["equipement-et-alimentation--alimentation"],
    )


@pytest.fixture
def transport(territory):
    return CategoryFactory(
        territory=territory,
        slug="transport",
        name="Transport",
        di_thematiques=["mobilite--mobilite-douce-partagee-collective"],
    )
