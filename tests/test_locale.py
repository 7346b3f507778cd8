"""The interface is French by default, with English available.

The catalogs live in src/entraide/locale/ and the compiled .mo files are
committed, so a fresh machine serves French without GNU gettext. These tests
read the catalogs with polib (pure Python): nothing here calls msgfmt.

After adding or changing a translatable string:

    cd src/entraide
    entraide makemessages -l fr -l en -i "*/migrations/*"
    # translate the new entries in locale/fr/LC_MESSAGES/django.po
    entraide compilemessages -l fr -l en
"""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

import entraide

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
SOURCE_DIR = Path(entraide.__file__).resolve().parent
LANGUAGES = ["fr", "en"]
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdifr]")

# What makemessages looks for (Django's xgettext keywords), and where.
SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop"}
PLURAL = {"ngettext", "ngettext_lazy"}
CONTEXT = {"pgettext", "pgettext_lazy"}
CONTEXT_PLURAL = {"npgettext", "npgettext_lazy"}
SKIPPED_DIRS = {"migrations", "locale", "node_modules", "__pycache__", "static"}
STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(rf"\b(n?p?gettext)\(\s*({STRING}(?:\s*,\s*{STRING})*)")


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"


def live_entries(catalog):
    return [entry for entry in catalog if not entry.obsolete]


def translations(catalog) -> dict:
    """(context, msgid) -> msgstr, or the tuple of plural forms, for what gettext would serve."""
    served = {}
    for entry in catalog:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural, key=int))
            if all(forms):
                served[entry.msgctxt, entry.msgid, entry.msgid_plural] = forms
        elif entry.msgstr:
            served[entry.msgctxt, entry.msgid, None] = entry.msgstr
    return served


def source_files(*suffixes: str):
    for path in sorted(SOURCE_DIR.rglob("*")):
        relative = path.relative_to(SOURCE_DIR)
        if path.suffix in suffixes and not SKIPPED_DIRS.intersection(relative.parts[:-1]):
            yield path


def strings_in_python(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        args = [
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args
        ]
        singular = name in SINGULAR and args[:1] and args[0] is not None
        plural = name in PLURAL and len(args) >= 2 and None not in args[:2]
        if singular or plural:
            yield None, args[0]
        elif name in CONTEXT | CONTEXT_PLURAL and len(args) >= 2 and None not in args[:2]:
            yield args[0], args[1]


def strings_in_template(path: Path):
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for function, arguments in TEMPLATE_CALL.findall(code):
        values = ast.literal_eval(f"({arguments},)")
        if function.startswith(("pgettext", "npgettext")):
            yield values[0], values[1]
        else:
            yield None, values[0]


def strings_in_source():
    found = {}
    for path in source_files(".py"):
        for key in strings_in_python(path):
            found.setdefault(key, path.relative_to(SOURCE_DIR))
    for path in source_files(".html", ".txt"):
        for key in strings_in_template(path):
            found.setdefault(key, path.relative_to(SOURCE_DIR))
    return found


@pytest.fixture(autouse=True)
def _restore_language():
    """A request activates its language for the whole thread: put the previous one back."""
    previous = translation.get_language()
    yield
    translation.activate(previous)


def test_it_has_a_french_and_an_english_catalog_with_their_compiled_files():
    for language in LANGUAGES:
        assert po_path(language).is_file(), f"missing {po_path(language)}"
        assert mo_path(language).is_file(), f"missing {mo_path(language)}: run compilemessages"
        assert polib.pofile(str(po_path(language))).metadata["Language"] == language


def test_it_translates_every_french_entry_and_leaves_none_fuzzy():
    catalog = polib.pofile(str(po_path("fr")))
    assert not catalog.metadata_is_fuzzy, "the header of the French catalog is marked fuzzy"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    fuzzy = [entry.msgid for entry in live_entries(catalog) if "fuzzy" in entry.flags]
    untranslated = [entry.msgid for entry in live_entries(catalog) if not entry.translated()]
    assert not fuzzy, f"fuzzy French entries: {fuzzy}"
    assert not untranslated, f"untranslated French entries: {untranslated}"
    assert catalog.percent_translated() == 100


def test_it_keeps_every_placeholder_of_the_source_in_the_french_translation():
    wrong = []
    for entry in live_entries(polib.pofile(str(po_path("fr")))):
        if entry.msgid_plural:
            pairs = [
                (entry.msgid if int(k) == 0 else entry.msgid_plural, v)
                for k, v in entry.msgstr_plural.items()
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translated in pairs:
            if set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(translated)):
                wrong.append((source, translated))
    assert not wrong, f"placeholders differ: {wrong}"


def test_it_has_every_translatable_string_of_the_source_in_the_french_catalog():
    """A string added to a template or to the code without re-running makemessages fails here."""
    catalog = polib.pofile(str(po_path("fr")))
    known = {(entry.msgctxt, entry.msgid) for entry in live_entries(catalog)}
    found = strings_in_source()
    assert (None, "Skip to content") in found, "the source scan found nothing: is it broken?"
    missing = {
        f"{path}: {msgid!r}" for (context, msgid), path in found.items() if (context, msgid) not in known
    }
    assert not missing, "not in the French catalog, run makemessages and translate:\n" + "\n".join(
        sorted(missing)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_ships_compiled_catalogs_that_match_their_sources(language):
    """A .mo left stale after editing the .po fails here: recompile with compilemessages."""
    source = polib.pofile(str(po_path(language)))
    compiled = polib.mofile(str(mo_path(language)))
    assert translations(compiled) == translations(source)
    assert compiled.metadata.get("Plural-Forms") == source.metadata.get("Plural-Forms")


def test_it_translates_with_the_compiled_catalog_alone():
    with translation.override("fr"):
        assert translation.gettext("Skip to content") == "Aller au contenu"
        assert translation.gettext("Referent desk") == "Espace référent"
        assert translation.ngettext("%(n)s person in ", "%(n)s people in ", 1) == "%(n)s personne à "
        assert translation.ngettext("%(n)s person in ", "%(n)s people in ", 2) == "%(n)s personnes à "
    with translation.override("en"):
        assert translation.gettext("Skip to content") == "Skip to content"


def test_it_serves_the_home_page_in_french_by_default(client, territory, commune):
    page = client.get("/", HTTP_HOST="a.example.org").text
    assert '<html lang="fr">' in page
    for french in ("Aller au contenu", "Mentions légales", "Confidentialité", "Se connecter", "Inscription"):
        assert french in page
    assert "Skip to content" not in page
    assert "Legal notice" not in page


def test_it_serves_french_to_a_browser_asking_for_an_unsupported_language(client, territory, commune):
    page = client.get("/", HTTP_HOST="a.example.org", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9").text
    assert '<html lang="fr">' in page
    assert "Aller au contenu" in page


def test_it_stays_french_for_a_browser_set_to_english(client, territory, commune):
    # The interface is the commune's: English only when the person picks it.
    page = client.get("/", HTTP_HOST="a.example.org", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").text
    assert '<html lang="fr">' in page
    assert "Aller au contenu" in page


def test_it_switches_to_english_with_the_language_switcher(client, territory, commune):
    response = client.post("/langue/", {"language": "en", "next": "/"}, HTTP_HOST="a.example.org")
    assert response.status_code == 302
    page = client.get("/", HTTP_HOST="a.example.org").text
    assert '<html lang="en">' in page
    assert "Skip to content" in page and "Legal notice" in page
    assert "Aller au contenu" not in page


def test_it_serves_english_when_the_language_cookie_says_so(client, territory, commune):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/", HTTP_HOST="a.example.org", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").text
    assert settings.LANGUAGE_COOKIE_NAME == "django_language"
    assert '<html lang="en">' in page
    assert "Skip to content" in page
    assert "Aller au contenu" not in page
