"""Personas every test can ask for: a resident, a neighbour, a referent of their
commune, a coordinator, an administrator, and an outsider from another territory."""

import pytest
from django.test import Client

from entraide.people.enums import RoleKind

from .factories import CommuneFactory, NeighbourhoodFactory, RoleFactory, TerritoryFactory, UserFactory


@pytest.fixture
def territory(db):
    return TerritoryFactory(name="Coufouleux et alentours", slug="coufouleux", hostnames="a.example.org")


@pytest.fixture
def commune(territory):
    return CommuneFactory(territory=territory, insee_code="81070", name="Coufouleux")


@pytest.fixture
def neighbourhood(commune):
    return NeighbourhoodFactory(commune=commune, name="La Gare")


@pytest.fixture
def other_territory(db):
    return TerritoryFactory(name="Ailleurs", slug="ailleurs", hostnames="b.example.org")


@pytest.fixture
def resident(commune, neighbourhood):
    return UserFactory(commune=commune, neighbourhood=neighbourhood, display_name="Sophie L.")


@pytest.fixture
def neighbour(commune, neighbourhood):
    return UserFactory(commune=commune, neighbourhood=neighbourhood, display_name="Karim B.")


@pytest.fixture
def referent(commune):
    user = UserFactory(commune=commune, display_name="Anne Référente")
    RoleFactory(user=user, kind=RoleKind.REFERENT, commune=commune)
    return user


@pytest.fixture
def coordinator(commune):
    user = UserFactory(commune=commune, display_name="Hélène Coordinatrice")
    RoleFactory(user=user, kind=RoleKind.COORDINATOR, commune=None)
    return user


@pytest.fixture
def administrator(commune):
    user = UserFactory(commune=commune, display_name="Admin")
    RoleFactory(user=user, kind=RoleKind.ADMINISTRATOR, commune=None)
    return user


@pytest.fixture
def outsider(other_territory):
    commune = CommuneFactory(territory=other_territory, insee_code="81004", name="Albi")
    return UserFactory(commune=commune, display_name="Olivier Ailleurs")


def _client_for(host: str, user=None) -> Client:
    client = Client(HTTP_HOST=host)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def client_for(territory, other_territory):
    """`client_for(user)`: a client on the user's own territory host, logged in as them."""

    def make(user=None, host=None):
        host = host or (user.territory.hostname_list[0] if user else territory.hostname_list[0])
        return _client_for(host, user)

    return make


@pytest.fixture
def anonymous(territory, other_territory):
    return _client_for("a.example.org")


@pytest.fixture(autouse=True)
def territory_hosts(settings):
    """Test territories live on *.example.org hosts."""
    settings.ALLOWED_HOSTS = [".example.org", "testserver", "localhost", "127.0.0.1"]
    # Fast hashing: tests create many accounts; production keeps Django's default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.GEOCODER_URL = ""  # no network in tests: tests/directory/test_geocoding.py records answers


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def strict_template_variables(_fail_for_invalid_template_variable):
    """FAIL_INVALID_TEMPLATE_VARS (pyproject.toml) in every test, whatever the order: pytest-django
    puts its checker in the TEMPLATES setting for each test, but the template engine reads that
    setting once, when first built — at collection, where a test module lists its templates — so
    the check was off until some test happened to rebuild the engine. Rebuild it when it lacks the
    checker."""
    from django.conf import settings as django_settings
    from django.template import engines

    wanted = django_settings.TEMPLATES[0]["OPTIONS"].get("string_if_invalid", "")
    engine = engines["django"].engine
    if engine.string_if_invalid is not wanted:
        engine.string_if_invalid = wanted
    yield


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language: a request with the English cookie leaves English
    active in the thread (LanguageMiddleware activates the visitor's language), and a test calling
    a service directly after it would read English messages, depending on the order."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)
