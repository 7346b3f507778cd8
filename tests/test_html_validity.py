"""Every main page is valid HTML, according to the Nu Html Checker (vnu.jar, from npm).

The pages are fetched with Django's test client, written to a temporary folder and
checked in a single run of the checker (the JVM is slow to start). Without Java or
without `node_modules/vnu-jar` (`npm ci`), the test is skipped, unless REQUIRE_BROWSER=1.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
VNU_JAR = PROJECT_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
REQUIRE = os.environ.get("REQUIRE_BROWSER") == "1"


def checker_command() -> list[str]:
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("no `java` on PATH")
    if not VNU_JAR.is_file():
        missing.append(f"no {VNU_JAR.relative_to(PROJECT_DIR)} (run `npm ci`)")
    if missing:
        reason = "Nu Html Checker unavailable: " + ", ".join(missing)
        if REQUIRE:
            pytest.fail(f"{reason}; REQUIRE_BROWSER=1 makes this an error.", pytrace=False)
        pytest.skip(reason + " (REQUIRE_BROWSER=1 makes this an error)")
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def fetch_pages(client_for, resident, referent) -> dict[str, tuple[str, str]]:
    """Name → (path, HTML) of each main page, checking that each answers as it should."""
    anonymous, as_resident, as_referent = client_for(), client_for(resident), client_for(referent)
    pages = {
        "home": (anonymous, "/", 200),
        "login": (anonymous, "/compte/connexion/", 200),
        "signup": (anonymous, "/compte/inscription/", 200),
        "password-reset": (anonymous, "/compte/mot-de-passe/oubli/", 200),
        "legal-notice": (anonymous, "/mentions-legales/", 200),
        "privacy-policy": (anonymous, "/confidentialite/", 200),
        "style-guide": (anonymous, "/guide-de-style/", 200),
        "profile": (as_resident, "/compte/profil/", 200),
        "referent-desk": (as_referent, "/accueil/personnes/", 200),
        "not-found": (anonymous, "/cette-page-n-existe-pas/", 404),
    }
    html = {}
    for name, (client, path, status) in pages.items():
        response = client.get(path)
        assert response.status_code == status, f"{name} ({path}): HTTP {response.status_code}, not {status}"
        assert response["Content-Type"].startswith("text/html"), f"{name} ({path}) is not HTML"
        html[name] = (path, response.content.decode(response.charset or "utf-8"))
    return html


def run_checker(command: list[str], files: list[Path]) -> list[dict]:
    result = subprocess.run(  # noqa: S603 (our own command line)
        [*command, *map(str, files)], capture_output=True, text=True, timeout=300, check=False
    )
    output = result.stderr.strip() or result.stdout.strip()
    try:
        messages = json.loads(output)["messages"]
    except (ValueError, KeyError) as error:
        pytest.fail(f"The Nu Html Checker failed ({error}), exit code {result.returncode}:\n{output[:3000]}")
    if result.returncode not in (0, 1):
        pytest.fail(f"The Nu Html Checker exited with {result.returncode}:\n{output[:3000]}")
    return messages


def describe(page: str, message: dict) -> str:
    line = message.get("lastLine") or message.get("firstLine")
    where = f"{page}, line {line}" if line else page
    extract = (message.get("extract") or "").replace("\n", "⏎").strip()
    text = f"{where}: {message.get('message', message)}"
    return f"{text}\n      {extract}" if extract else text


def assert_valid_html(pages: dict, tmp_path: Path) -> None:
    """Fetch each page (name -> (client, path)) and check them all in one run of the checker."""
    command = checker_command()
    files = []
    for name, (client, path) in pages.items():
        response = client.get(path)
        assert response.status_code == 200, f"{name} ({path}): HTTP {response.status_code}"
        file = tmp_path / f"{name}.html"
        file.write_text(response.content.decode(), encoding="utf-8")
        files.append(file)
    errors = [
        describe(Path(m.get("url", "?").removeprefix("file:")).stem, m)
        for m in run_checker(command, files)
        if m.get("type") != "info"
    ]
    assert not errors, "\n".join(errors)


def test_the_main_pages_are_valid_html(client_for, resident, referent, tmp_path):
    command = checker_command()
    pages = fetch_pages(client_for, resident, referent)
    files = []
    for name, (_path, html) in pages.items():
        file = tmp_path / f"{name}.html"
        file.write_text(html, encoding="utf-8")
        files.append(file)

    errors = []
    for message in run_checker(command, files):
        if message.get("type") == "info":  # --errors-only leaves none, but be sure
            continue
        name = Path(message.get("url", "?").removeprefix("file:")).stem
        page = f"{name} ({pages[name][0]})" if name in pages else name
        errors.append(describe(page, message))

    if errors:
        pytest.fail(
            f"{len(errors)} HTML error(s) found by the Nu Html Checker:\n"
            + "\n".join(f"- {error}" for error in errors),
            pytrace=False,
        )
