import pytest

from entraide.timebank import services

from .factories import AccountFactory


@pytest.fixture
def resident_account(resident):
    return AccountFactory(owner=resident)


@pytest.fixture
def neighbour_account(neighbour):
    return AccountFactory(owner=neighbour)


@pytest.fixture
def pool(territory):
    return services.pool_for(territory)


@pytest.fixture
def assisted(commune, neighbourhood):
    from ..factories import UserFactory

    return UserFactory(
        commune=commune, neighbourhood=neighbourhood, assisted=True, display_name="Germaine V."
    )


@pytest.fixture
def assisted_account(assisted):
    return AccountFactory(owner=assisted)
