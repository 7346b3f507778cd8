"""The accessibility audit without a browser: every page reached from the home page and the site
map, as each persona, has unique ids, one h1, no skipped heading level, named landmarks and scroll
boxes, and no English without `lang` (tests/audit.py). A new module's pages are walked as soon as
a link leads to them.

The browser tests run the same checks, and more (reflow, focus), on the pages they open."""

import io
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from entraide.people.models import User

from ..audit import problems

pytestmark = pytest.mark.django_db

# Not HTML pages, or not ours (the Django admin), or what leaves the session.
SKIPPED_SUFFIXES = (".pdf", ".csv", ".json", ".geojson", ".atom", ".xml", ".txt", ".ics")
SKIPPED_PREFIXES = ("/admin/", "/langue/", "/compte/deconnexion/", "/static/", "/media/")
MAX_PAGES = 150


@pytest.fixture
def demo(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("demo", "--quiet-logins", stdout=io.StringIO())


def _links(html: str, base: str) -> list[str]:
    from html.parser import HTMLParser

    found = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href")
            if tag == "a" and href:
                found.append(urljoin(base, href))

    Links().feed(html)
    return found


def walk(client: Client, starts: list[str]) -> dict[str, list[str]]:
    """Problems by path, for one page per route reached from `starts`."""
    seen_routes, queue, report = set(), list(starts), {}
    while queue and len(report) < MAX_PAGES:
        url = urlsplit(queue.pop(0))
        path = url.path
        if url.netloc not in ("", "testserver") or path.endswith(SKIPPED_SUFFIXES):
            continue
        if path.startswith(SKIPPED_PREFIXES):
            continue
        try:
            route = resolve(path).route
        except Resolver404:
            continue
        if route in seen_routes:
            continue
        seen_routes.add(route)
        response = client.get(path)
        assert response.status_code < 500, f"{path}: HTTP {response.status_code}"
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        report[path] = problems(html)
        queue.extend(_links(html, path))
    return report


@pytest.mark.parametrize(
    "persona", [None, "habitant3", "referent.81070", "coordination", "admin"], ids=lambda p: p or "anonymous"
)
def test_every_page_reached_passes_the_audit(demo, persona):
    client = Client()
    if persona:
        client.force_login(User.objects.get(email=f"{persona}@demo.entraide.invalid"))
    report = walk(client, ["/", "/plan-du-site/"])
    assert len(report) > 8, f"only {len(report)} pages reached: {sorted(report)}"
    failures = {path: found for path, found in report.items() if found}
    assert not failures, "\n".join(
        f"{path}:\n" + "\n".join(f"  - {line}" for line in found) for path, found in failures.items()
    )


def test_the_audit_sees_what_it_checks():
    html = """<html lang="fr"><body><nav></nav><nav aria-label="b"></nav><main>
      <h1>A</h1><h3>skipped</h3><h1>again</h1><p id="x"></p><p id="x"></p>
      <div class="table-scroll" tabindex="0"><table></table></div>
      <a title="Zoom in">+</a><span lang="en">Zoom out</span></main></body></html>"""
    found = problems(html)
    assert "the id 'x' is used 2 times" in found
    assert "2 h1 headings instead of one" in found
    assert "a heading level skipped: h1 then h3" in found
    assert "a navigation landmark without a name, among 2" in found
    assert any(line.startswith("a scroll box without a role and a name") for line in found)
    assert "English without lang: 'Zoom in'" in found
    assert "English without lang: 'Zoom out'" not in found
