"""Search that ignores case, accents and plurals, on SQLite and PostgreSQL alike.

Models keep a `search_text` column holding `normalize()` of their searchable
fields; a query matches when every normalized word of it is contained there.
"velo" finds "Vélos"; "B-7K2" finds the post whose reference is B-7K2.
"""

import re
import unicodedata

from django.db.models import Q

_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    # French plurals: -s, -x (and -aux -> -al is close enough for search).
    if len(word) > 3 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 2 and word[-1] in "sx":
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return [_stem(w) for w in _WORD.findall(text)]


def normalize(*texts: str) -> str:
    """The text to store in `search_text`: normalized words, space-separated, padded."""
    return " " + " ".join(w for text in texts for w in words(text)) + " "


def matches(query: str, field: str = "search_text") -> Q:
    """A filter matching rows whose `field` contains every word of `query` (as a word prefix)."""
    condition = Q()
    for word in words(query)[:10]:
        condition &= Q(**{f"{field}__contains": " " + word})
    return condition
