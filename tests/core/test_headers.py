"""Every page carries a strict Content-Security-Policy and a Permissions-Policy;
only the directory's embed page may be framed by another site."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

SOURCE = Path(__file__).resolve().parents[2] / "src" / "entraide"


def directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["pages:home", "board:list", "directory:list", "account_login"])
def test_pages_forbid_inline_script_and_framing(client_for, name):
    response = client_for().get(reverse(name))
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "script-src 'self'"
    assert policy["default-src"] == "default-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_the_embed_page_may_be_framed_by_other_sites(client_for):
    response = client_for().get(reverse("directory:embed"))
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == "frame-ancestors *"
    assert "X-Frame-Options" not in response.headers
    assert directives(response)["script-src"] == "script-src 'self'"


@pytest.mark.django_db
def test_the_map_tiles_are_allowed_as_images(client_for, settings):
    response = client_for().get(reverse("directory:list"))
    assert "https://tile.openstreetmap.org" in directives(response)["img-src"]


def test_no_template_holds_an_inline_script_or_event_handler():
    """Under the policy they would not run: scripts live in static files."""
    offenders = []
    for path in SOURCE.rglob("templates/**/*.html"):
        if "pdf" in path.parts:  # rendered to PDF on the server, never served to a browser
            continue
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attributes = match.group(1)
            if "src=" not in attributes and "application/ld+json" not in attributes:
                offenders.append(f"{path}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text) or "javascript:" in text:
            offenders.append(f"{path}: inline event handler or javascript: URL")
        if re.search(r"<style\b", text):
            offenders.append(f"{path}: <style> element")
    assert not offenders, offenders
