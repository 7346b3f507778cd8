"""Configuration, commands and migrations: what operators touch."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from entraide.people.models import Consent, Role, User
from entraide.territories.models import Commune, Neighbourhood, Territory


def import_settings(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "CACHE_URL"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import entraide.settings"],
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_refuses_the_development_secret_key():
    result = import_settings(ENTRAIDE_ENV="production", ALLOWED_HOSTS="x.fr")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = import_settings(
        ENTRAIDE_ENV="production", SECRET_KEY="k" * 50, DEBUG="true", ALLOWED_HOSTS="x.fr"
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_starts_when_configured():
    result = import_settings(
        ENTRAIDE_ENV="production", SECRET_KEY="k" * 50, ALLOWED_HOSTS="x.fr", CACHE_URL="redis://127.0.0.1/1"
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_territory_create_takes_an_intercommunality_from_the_official_list():
    call_command("territory", "create", "--epci", "200066124", "--host", "entraide.example.org")
    territory = Territory.objects.get()
    assert territory.name == "CA Gaillac-Graulhet"
    assert territory.communes.count() == 56
    assert Commune.objects.get(insee_code="81070").name == "Coufouleux"


@pytest.mark.django_db
def test_territory_create_takes_insee_codes():
    call_command("territory", "create", "--insee", "81070", "81149", "--name", "Coufouleux et Loupiac")
    assert set(Commune.objects.values_list("name", flat=True)) == {"Coufouleux", "Loupiac"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args", [["--epci", "999999999"], ["--insee", "81070", "00000"], ["--insee", "75056"]]
)
def test_territory_create_refuses_unknown_codes_and_creates_nothing(args):
    with pytest.raises(CommandError):
        call_command("territory", "create", *args)
    assert not Territory.objects.exists()
    assert not Commune.objects.exists()


@pytest.mark.django_db
def test_the_demo_loads_once_and_changes_nothing_the_second_time():
    def snapshot():
        return [m.objects.count() for m in (Territory, Commune, Neighbourhood, User, Role, Consent)]

    call_command("demo", "--quiet-logins")
    first = snapshot()
    territory = Territory.objects.get()
    assert territory.is_demo
    assert {c.insee_code for c in territory.communes.all()} == {"81070", "81220", "81149"}
    assert 6 <= first[2] <= 10
    assert 25 <= first[3] <= 40
    assert Role.objects.filter(kind="referent").count() == 3
    assert Role.objects.filter(kind="coordinator").exists()  # the coordination group's demo adds members
    assert User.objects.filter(is_assisted=True).count() == 1
    call_command("demo", "--quiet-logins")
    assert snapshot() == first
