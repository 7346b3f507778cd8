"""`/sante/`: the health check of a load balancer: database and cache, no login, no data."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_answers_ok_without_login(anonymous):
    response = anonymous.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_it_answers_on_a_host_that_serves_no_territory(territory, client):
    assert client.get("/sante/", HTTP_HOST="localhost").status_code == 200


def test_it_answers_503_when_the_cache_fails(anonymous, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set", broken)
    response = anonymous.get("/sante/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}
