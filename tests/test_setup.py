"""Configuration, commands and migrations: what operators touch."""

import os
import subprocess
import sys
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError

from entraide.categories.models import Category
from entraide.core.discovery import app_modules
from entraide.meetups.models import MeetupKind
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
def test_a_new_territory_starts_with_what_each_app_needs_and_residents_can_post():
    """The board's categories and the kinds of meetups come with the territory (each app's
    `defaults.py`): without them no one could post a request. Created again, nothing changes."""
    call_command("territory", "create", "--insee", "81070", "--host", "coufouleux.example.org")
    territory = Territory.objects.get()
    categories = set(Category.objects.filter(territory=territory).values_list("slug", flat=True))
    assert {"courses", "reparation", "autre"} <= categories
    assert MeetupKind.objects.filter(territory=territory).exists()
    territory.categories.filter(slug="autre").update(name="Divers")  # a referent's edit
    call_command("territory", "create", "--insee", "81070")
    assert Category.objects.filter(territory=territory).count() == len(categories)
    assert Category.objects.get(territory=territory, slug="autre").name == "Divers"


def test_every_apps_defaults_module_gives_a_territory_its_defaults():
    modules = app_modules("defaults")
    assert {m.__name__ for m in modules} >= {"entraide.categories.defaults", "entraide.meetups.defaults"}
    assert all(callable(getattr(module, "ensure_defaults", None)) for module in modules)


@pytest.mark.django_db
def test_territories_created_before_repairs_were_a_category_get_it_once(territory, other_territory):
    """The data migration: a territory that has its categories gets "Réparation" at the end of its
    list; one without categories is left to its set-up; running it again adds nothing."""
    migration = import_module("entraide.categories.migrations.0002_repair_category_for_existing_territories")
    Category.objects.create(territory=territory, slug="courses", name="Courses", position=4)
    migration.add_repair_category(django_apps, None)
    migration.add_repair_category(django_apps, None)
    repair = Category.objects.get(territory=territory, slug="reparation")
    assert repair.name == "Réparation" and repair.position == 5
    assert not Category.objects.filter(territory=other_territory).exists()


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
