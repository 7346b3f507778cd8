# ruff: noqa: S603 (starts gunicorn and entraide from this virtualenv, with fixed arguments)
"""Two app servers as production runs them: gunicorn with production settings on PostgreSQL and
Redis (this machine's), each on its own port. The health check answers, a public page renders,
a resident logs in on one server and the other serves the same session (sessions and cache are
shared: app servers keep no state). Skipped on SQLite or without Redis on 127.0.0.1:6379;
`REQUIRE_REDIS=1` (CI's PostgreSQL pass, .ci/run) turns a missing Redis into a failure."""

import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from ..factories import PASSWORD

PORTS = (8118, 8119)
HOST = "a.example.org"
REQUIRE_REDIS = os.environ.get("REQUIRE_REDIS") == "1"
VENV = Path(sys.executable).parent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="production runs PostgreSQL"),
]


def _redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def _database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Browser:
    """Cookies by hand: production cookies are Secure, and the servers speak plain HTTP here
    behind a pretended proxy (X-Forwarded-Proto: https)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, body: str = "", headers=None):
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        sent = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        client.request(method, path, body=body, headers=sent)
        response = client.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, rest = value.split("=", 1)
                self.cookies[name] = rest.split(";", 1)[0]
        client.close()
        return response, text


@pytest.fixture
def servers(territory, resident):
    if not _redis_is_up():
        if REQUIRE_REDIS:
            pytest.fail("REQUIRE_REDIS=1 but there is no Redis on 127.0.0.1:6379.", pytrace=False)
        pytest.skip("no Redis on 127.0.0.1:6379")
    # Tests hash with MD5 for speed; production's hashers do not read it.
    hasher = PBKDF2PasswordHasher()
    resident.password = hasher.encode(PASSWORD, hasher.salt())
    resident.save(update_fields=["password"])
    var_dir = tempfile.mkdtemp(prefix="entraide-smoke-")
    env = {
        **os.environ,
        "ENTRAIDE_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": ".example.org",
        "DATABASE_URL": _database_url(),
        # A prefix of its own: no login limit or page left by an earlier run.
        "CACHE_URL": f"redis://127.0.0.1:6379/8?key_prefix=smoke{secrets.token_hex(4)}",
        "ENTRAIDE_VAR_DIR": var_dir,
        "EMAIL_URL": "dummymail://",
    }
    subprocess.run([str(VENV / "entraide"), "collectstatic", "--noinput", "-v0"], env=env, check=True)
    started, logs = [], []
    try:
        for port in PORTS:
            command = [str(VENV / "gunicorn"), "entraide.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"]
            log = open(Path(var_dir) / f"{port}.log", "w")  # noqa: SIM115
            logs.append(log)
            started.append(
                subprocess.Popen([*command, "--no-control-socket"], env=env, stdout=log, stderr=log)
            )
        for port in PORTS:
            deadline = time.monotonic() + 60
            while True:
                try:
                    Browser().request(port, "GET", "/sante/")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
        yield
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=30)
        for log in logs:
            log.close()
        shutil.rmtree(var_dir, ignore_errors=True)


def test_two_production_servers_share_health_pages_and_sessions(servers, resident):
    browser = Browser()
    for port in PORTS:
        response, text = browser.request(port, "GET", "/sante/")
        assert response.status == 200, text
        assert '"database": "ok"' in text and '"cache": "ok"' in text
    response, text = browser.request(PORTS[0], "GET", "/tableau/")
    assert response.status == 200
    assert "Coufouleux" in text

    response, text = browser.request(PORTS[0], "GET", "/compte/connexion/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
    body = f"login={resident.email}&password={PASSWORD.replace(' ', '+')}&csrfmiddlewaretoken={token}"
    response, text = browser.request(
        PORTS[0],
        "POST",
        "/compte/connexion/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://{HOST}/compte/connexion/",
            "Origin": f"https://{HOST}",
        },
    )
    assert response.status == 302, text
    assert "sessionid" in browser.cookies

    for port in PORTS:  # the second server knows the session the first one opened
        response, text = browser.request(port, "GET", "/compte/profil/")
        assert response.status == 200, (port, text[:500])
        assert resident.display_name in text
