"""What axe-core does not check, read from a page's HTML (RGAA 4.1, beyond axe).

`problems(html)` lists, in French-agnostic terms, what breaks on a page:

- an id used twice (8.2: the second field has no name, an error link goes to the wrong box);
- not exactly one `h1`, or a heading level skipped (9.1);
- a landmark (`nav`, `aside`, a `section`/`form` with a role) that has no name while another of
  the same kind is on the page, and a scroll box (`tabindex="0"`) without a role and a name (12.6,
  10.13's keyboard-reachable boxes);
- English text from third-party code (Leaflet's controls, …) without `lang` (8.7).

Both the audit that needs no browser (tests/pages/test_audit.py) and every browser test
(tests/browser/conftest.py, on the live DOM) use these checks.
"""

from collections import Counter
from html.parser import HTMLParser

# Phrases that third-party code writes in English; a page shows them only inside lang="en".
FOREIGN_PHRASES = ("Zoom in", "Zoom out", "Close popup", "A JavaScript library for interactive maps")

LANDMARKS = {"nav": "navigation", "aside": "complementary"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.headings: list[int] = []
        self.landmarks: list[tuple[str, bool]] = []
        self.scroll_boxes: list[str] = []
        self.foreign: list[str] = []
        self._open: list[tuple[str, str | None]] = []  # (tag, lang) of the open elements
        self._in_template = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "template":
            self._in_template += 1
        if self._in_template:
            return
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        named = bool(attributes.get("aria-label") or attributes.get("aria-labelledby"))
        role = attributes.get("role") or LANDMARKS.get(tag)
        if role in ("navigation", "complementary", "search", "region"):
            self.landmarks.append((role, named))
        focusable_box = attributes.get("tabindex") == "0" and tag in ("div", "section", "pre", "figure")
        if focusable_box and not (attributes.get("role") and named):
            self.scroll_boxes.append(self.get_starttag_text() or tag)
        for name in ("title", "aria-label", "alt"):
            self._check_foreign(attributes.get(name) or "", attributes.get("lang"))
        if tag not in VOID:
            self._open.append((tag, attributes.get("lang")))

    def handle_endtag(self, tag):
        if tag == "template":
            self._in_template = max(0, self._in_template - 1)
            return
        if self._in_template or tag in VOID:
            return
        if any(open_tag == tag for open_tag, _lang in self._open):
            while self._open and self._open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if not self._in_template:
            self._check_foreign(data, None)

    def _check_foreign(self, text: str, own_lang: str | None) -> None:
        if not text or own_lang:
            return
        inherited = next((lang for _tag, lang in reversed(self._open) if lang), "fr")
        if inherited.startswith("en"):
            return
        self.foreign.extend(phrase for phrase in FOREIGN_PHRASES if phrase in text)


def problems(html: str) -> list[str]:
    """What the page gets wrong, one line each; [] for a page that passes."""
    page = _Page()
    page.feed(html)
    found = [f"the id {name!r} is used {count} times" for name, count in page.ids.items() if count > 1]
    h1 = page.headings.count(1)
    if h1 != 1:
        found.append(f"{h1} h1 headings instead of one")
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        if after > before + 1:
            found.append(f"a heading level skipped: h{before} then h{after}")
    roles = Counter(role for role, _named in page.landmarks)
    for role, named in page.landmarks:
        if not named and (roles[role] > 1 or role == "region"):
            found.append(f"a {role} landmark without a name, among {roles[role]}")
    found.extend(f"a scroll box without a role and a name: {tag}" for tag in page.scroll_boxes)
    found.extend(f"English without lang: {phrase!r}" for phrase in page.foreign)
    return found
