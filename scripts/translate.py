"""Fill French translations from a JSON {msgid: msgstr} file (a msgid with a context is keyed
"context\x04msgid", as gettext keys it), then report what is left.

    .venv/bin/python scripts/translate.py translations.json

Used while translating; `make messages` then compiles the catalogs.
"""

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "src/entraide/locale/fr/LC_MESSAGES/django.po"


def main() -> None:
    po = polib.pofile(str(PO))
    given = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")) if len(sys.argv) > 1 else {}
    for entry in po:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid  # gettext's own key
        if key in given:
            value = given[key]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value[0], 1: value[1]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()
    for entry in po.untranslated_entries() + po.fuzzy_entries():
        print(json.dumps(entry.msgid, ensure_ascii=False))


if __name__ == "__main__":
    main()
