"""Settings refuse what would silently weaken a deployment."""

import os
import secrets
import subprocess
import sys

import pytest

PRODUCTION = {
    "ENTRAIDE_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "entraide.example.fr",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}
BOOLEANS = ["DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"]


def run(command: list[str], **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "CACHE_URL"}}
    environment.update(env)
    return subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603


def import_settings(**env) -> subprocess.CompletedProcess:
    return run([sys.executable, "-c", "import entraide.settings"], **env)


@pytest.mark.parametrize("name", BOOLEANS)
def test_it_refuses_a_misspelt_boolean_naming_the_variable_and_the_accepted_values(name):
    result = import_settings(**PRODUCTION, **{name: "ture"})
    assert result.returncode != 0
    assert f"{name}='ture'" in result.stderr
    assert "true, yes, on, 1 or false, no, off, 0" in result.stderr


@pytest.mark.parametrize("value", ["false", "No", "OFF", "0", ""])
def test_it_reads_the_accepted_false_words(value):
    result = import_settings(**PRODUCTION, DEBUG=value)
    assert result.returncode == 0, result.stderr


def test_it_refuses_a_per_process_cache_in_production():
    result = import_settings(**{**PRODUCTION, "CACHE_URL": "locmemcache://"})
    assert result.returncode != 0
    assert "per-process cache" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    command = [sys.executable, "-m", "entraide", "check", "--deploy", "--fail-level", "WARNING"]
    result = run(command, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_hsts_preload_is_a_choice_and_then_checked():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_HSTS_PRELOAD, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    result = run(
        [sys.executable, "-c", code],
        **PRODUCTION,
        SECURE_HSTS_PRELOAD="yes",
        DJANGO_SETTINGS_MODULE="entraide.settings",
    )
    assert result.stdout.split() == ["True", "True"], result.stderr
