"""The territory of a host name is kept per process until a territory or a host name changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.territories.models import TerritoryHost

pytestmark = pytest.mark.django_db


def _queries(client, path="/sante/"):
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return [q["sql"] for q in queries if "territories_territory" in q["sql"]]


def test_it_finds_the_territory_without_a_query_once_known(anonymous, client_for, outsider):
    other = client_for(host="b.example.org")
    assert _queries(anonymous, "/tableau/")  # two territories: the host is looked up once
    assert _queries(anonymous, "/tableau/") == []
    assert _queries(other, "/tableau/")
    assert _queries(other, "/tableau/") == []


def test_a_new_host_name_is_seen_at_once(anonymous, client_for, territory, other_territory):
    client = client_for(host="c.example.org")
    assert client.get("/tableau/").status_code == 404
    TerritoryHost.objects.create(territory=other_territory, name="c.example.org")
    response = client.get("/tableau/")
    assert response.status_code == 200
    assert "Ailleurs" in response.text


def test_a_renamed_territory_is_seen_at_once(anonymous, territory):
    anonymous.get("/tableau/")
    territory.name = "Nouveau nom"
    territory.save()
    assert "Nouveau nom" in anonymous.get("/tableau/").text


def test_each_request_gets_its_own_copy(anonymous, territory):
    from entraide.territories.middleware import territories

    first = territories.for_host("a.example.org")
    first.name = "Changed in one request"
    assert territories.for_host("a.example.org").name == territory.name
