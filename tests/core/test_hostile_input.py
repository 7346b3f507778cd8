"""A NUL character anywhere in a request gets a French 400 page, never a server error.

PostgreSQL refuses NUL in any string; run these on it too (DATABASE_URL=postgres://…).
"""

import importlib
import inspect
import re
import uuid
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

SOURCE = Path(__file__).resolve().parents[2] / "src" / "entraide"
CANDIDATES = ["x", "1", str(uuid.uuid4()), "B-2345", "2026-01", "2026", "confirmer"]


def _value(converter) -> str:
    """A value the converter accepts, so that the request reaches the view's URL."""
    regex = getattr(converter, "regex", r"[^/]+")
    return next((c for c in CANDIDATES if re.fullmatch(regex, c)), "x")


def _paths(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and not route.startswith("^"):
            converters = getattr(pattern.pattern, "converters", {})
            yield "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m, c=converters: _value(c.get(m.group(1))), route)


def every_path() -> list[str]:
    return sorted(set(_paths(get_resolver().url_patterns)))


def every_parameter() -> set[str]:
    """What the views read from the query string: request.GET lookups and every form's fields."""
    names = set()
    for path in SOURCE.rglob("*.py"):
        names |= set(re.findall(r"GET(?:\.get)?[\[(]\s*[\"'](\w+)[\"']", path.read_text()))
    for config in apps.get_app_configs():
        if not config.name.startswith("entraide."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                names |= set(cls.base_fields)
    return names


def test_the_walk_finds_the_parameters_of_the_issue():
    assert {"commune", "qui", "q", "page"} <= every_parameter()
    assert "/initiatives/annuaire.pdf" in every_path()


@pytest.mark.django_db
def test_a_nul_in_any_query_parameter_of_any_page_is_refused_in_french(client_for, referent):
    client = client_for(referent)
    parameters = sorted(every_parameter())
    paths = every_path()
    every_one = "&".join(f"{name}=%00" for name in parameters)
    requests = [f"{path}?{every_one}" for path in paths]
    requests += [f"{paths[i % len(paths)]}?{name}=%00" for i, name in enumerate(parameters)]
    failures = []
    for url in requests:
        response = client.get(url)
        if response.status_code != 400:
            failures.append(f"{url[:80]} → {response.status_code}")
    assert not failures, failures[:20]
    assert "Requête non comprise" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["commune=%00", "a%00b=1", "commune=81070%00"])
def test_the_directory_pdf_refuses_a_nul(anonymous, query):
    response = anonymous.get(f"/initiatives/annuaire.pdf?{query}")
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_nul_in_a_form_field_or_a_cookie_is_refused(client_for, resident):
    client = client_for(resident)
    assert client.post("/tableau/nouveau/", {"title": "Un coup\x00 de main"}).status_code == 400
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 400


@pytest.mark.django_db
def test_an_ordinary_request_goes_through(client_for, resident):
    assert client_for(resident).get("/tableau/?q=v%C3%A9lo").status_code == 200


@pytest.mark.django_db
def test_a_nul_in_an_imported_csv_cell_is_reported_on_its_row(territory, commune, referent):
    from entraide.directory.imports import import_file

    raw = b"name;kind;description;commune_insee\nLes Paniers\x00;collective;Des paniers;81070\n"
    batch = import_file(territory=territory, user=referent, filename="x.csv", raw=raw)
    [row] = batch.report
    assert row["outcome"] == "error"
    assert row["name"] == "Les Paniers"
    assert "caractère invisible" in row["messages"][0]


@pytest.mark.django_db
def test_a_json_import_nested_100000_deep_gets_a_french_message(territory, referent):
    from entraide.directory.imports import import_file

    raw = ("[" * 100_000 + "]" * 100_000).encode()
    batch = import_file(territory=territory, user=referent, filename="x.json", raw=raw)
    assert batch.report[0]["outcome"] == "error"
    assert "n’a pas pu être lu" in batch.report[0]["messages"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("edge", ["9999-12-31", "0001-01-01", "9999-12", "0001-01"])
def test_a_date_at_the_calendars_edge_in_every_query_parameter_is_no_server_error(client_for, referent, edge):
    """A day Python holds but cannot step a week or a month past (9999-12-31 + 7 days) in every
    parameter of every page: the page's default or a French refusal, never a crash."""
    client = client_for(referent)
    client.raise_request_exception = False
    every_one = "&".join(f"{name}={edge}" for name in sorted(every_parameter()))
    failures = []
    for path in every_path():
        if path.endswith(".pdf"):
            continue  # the PDFs read the same parameters as their pages (tests/meetups/test_bad_input.py)
        response = client.get(f"{path}?{every_one}")
        if response.status_code >= 500:
            failures.append(f"{path} → {response.status_code}")
    assert not failures, failures


@pytest.mark.django_db
def test_the_refusal_is_in_the_visitors_language_not_the_previous_requests(client_for, resident, anonymous):
    """The NUL check runs before the language is chosen: it answered in whatever language the
    worker's previous request had activated."""
    english = client_for(resident)
    english.cookies["django_language"] = "en"
    english.get("/tableau/")
    assert "Requête non comprise" in anonymous.get("/tableau/?q=%00").content.decode()
    assert "Requête non comprise" not in english.get("/tableau/?q=%00").content.decode()
