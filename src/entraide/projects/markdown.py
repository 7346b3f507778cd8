"""Guides in a small Markdown subset, rendered to sanitised HTML.

No Markdown library is installed, and guides need little: paragraphs, headings (`#`, `##`,
`###`, shown from level 2 without a skipped level, since the guide's title is the page's h1),
lists (`- `, `* `, `1. `),
**bold**, *italics* and [links](https://…). Raw HTML is escaped, a link's address goes through
`core.validators.safe_url` (http, https, mailto, tel: `javascript:` is dropped), and the result
goes through nh3 with a short list of tags, so nothing a referent types can run in a page.
"""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

from entraide.core.validators import CONTACT, safe_url

TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a"}
ATTRIBUTES = {"a": {"href"}}
SCHEMES = set(CONTACT)

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+(.*)$")


def _link(match: re.Match) -> str:
    text, url = match.group(1), html.unescape(match.group(2))
    url = safe_url(url, CONTACT)
    if not url:
        return text
    return f'<a href="{html.escape(url)}">{text}</a>'


def _inline(text: str) -> str:
    text = html.escape(text, quote=True)
    text = _LINK.sub(_link, text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return _ITALIC.sub(r"<em>\1</em>", text)


def to_html(source: str) -> str:
    lines = (source or "").replace("\r\n", "\n").split("\n")
    # Headings from h2 (the page's title is the h1), without a skipped level: the levels used,
    # in order, become h2, h3, h4.
    used = sorted({len(m.group(1)) for line in lines if (m := _HEADING.match(line.rstrip()))})
    levels = {level: min(rank + 2, 4) for rank, level in enumerate(used)}
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""

    def flush() -> None:
        nonlocal list_tag
        if paragraph:
            out.append("<p>" + " ".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            out.append(f"<{list_tag}>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + f"</{list_tag}>")
            items.clear()
            list_tag = ""

    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if heading := _HEADING.match(line):
            flush()
            level = levels[len(heading.group(1))]
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
            continue
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        if bullet or number:
            tag = "ul" if bullet else "ol"
            if paragraph or (items and list_tag != tag):
                flush()
            list_tag = tag
            items.append((bullet or number).group(1))
            continue
        if items:  # a continuation line of the last item
            items[-1] += " " + line.strip()
            continue
        paragraph.append(line.strip())
    flush()
    return "\n".join(out)


def render(source: str) -> SafeString:
    """The guide's HTML, sanitised: only `TAGS`, and links only to allowed schemes."""
    cleaned = nh3.clean(to_html(source), tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel=None)
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
