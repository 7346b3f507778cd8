"""Every PDF of the project: an HTML template printed by WeasyPrint (see docs/pdf.md).

One page set-up, one set of fonts, one way to write the metadata. A document is
a template extending ``pdf/base.html``; ``render_pdf`` prints it as a tagged
PDF/UA-1 file (structure tree, reading order, headings, table headers), with
its title and language, the DejaVu fonts of the pinned npm package embedded
(Latin with its extensions, Vietnamese, Greek, Cyrillic, Arabic, Hebrew…,
shaped by HarfBuzz), and a link to the web page it prints.

Characters the embedded fonts do not cover are drawn with the system's fonts
when it has some, and logged as a warning, never left as silent boxes.
"""

import functools
import logging
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
# WeasyPrint announces each rendering step at INFO: noise in the server's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

FONT_PACKAGE = "dejavu-fonts-ttf/ttf"
FONT_FAMILY = "Entraide DejaVu Sans"
FONT_FILES = {
    ("normal", 400): "DejaVuSans.ttf",
    ("normal", 700): "DejaVuSans-Bold.ttf",
    ("italic", 400): "DejaVuSans-Oblique.ttf",
    ("italic", 700): "DejaVuSans-BoldOblique.ttf",
}
PAGE_SIZES = ("A4", "A3", "A5")


def font_dir() -> Path:
    return Path(settings.NODE_MODULES) / FONT_PACKAGE


@functools.cache
def _font_faces() -> str:
    folder = font_dir()
    missing = [name for name in FONT_FILES.values() if not (folder / name).is_file()]
    if missing:
        raise ImproperlyConfigured(
            f"The PDF fonts are missing from {folder} ({', '.join(missing)}): run `npm ci` (or `make setup`)."
        )
    return "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-style: {style}; font-weight: {weight}; '
        f'src: url("{(folder / name).as_uri()}"); }}'
        for (style, weight), name in FONT_FILES.items()
    )


@functools.cache
def _covered() -> frozenset[int]:
    """The code points the embedded regular font draws (the bold one covers the same)."""
    from fontTools.ttLib import TTFont

    with TTFont(font_dir() / FONT_FILES[("normal", 400)], lazy=True) as font:
        return frozenset(font.getBestCmap())


def uncovered(text: str) -> str:
    """The characters of ``text`` that no embedded font draws (spaces and controls aside)."""
    covered = _covered()
    return "".join(
        sorted(
            {char for char in text if ord(char) not in covered and unicodedata.category(char)[0] not in "CZ"}
        )
    )


def _fetcher():
    from weasyprint import URLFetcher

    fonts = font_dir().as_uri() + "/"

    class LocalFetcher(URLFetcher):
        """Loads the embedded fonts and data: URIs only: printing never reaches the network or other files."""

        def fetch(self, url, headers=None):
            if url.startswith("data:") or url.startswith(fonts):
                return super().fetch(url, headers)
            raise ValueError(f"A PDF loads nothing but its fonts: {url}")

    return LocalFetcher()


def write_pdf(html: str) -> bytes:
    """Print an HTML document (from ``pdf/base.html``) as a tagged PDF/UA-1 file."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    if missing := uncovered(html):
        logger.warning("No embedded PDF font draws %r: the system's fonts stand in where they can.", missing)
    fetcher = _fetcher()
    fonts = FontConfiguration()
    stylesheet = CSS(string=_font_faces(), font_config=fonts, url_fetcher=fetcher)
    document = HTML(string=html, base_url=font_dir().as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts, pdf_variant="pdf/ua-1")


def render_pdf(
    request: HttpRequest,
    template_name: str,
    context: dict,
    *,
    title: str,
    filename: str,
    html_url: str,
    landscape: bool = False,
    page_size: str = "A4",
    attachment: bool = False,
) -> HttpResponse:
    """The response carrying ``template_name`` printed as a PDF.

    ``title`` is the document's title (shown by readers instead of the file
    name), ``html_url`` the web page the PDF prints, linked from it.
    """
    if page_size not in PAGE_SIZES:
        raise ValueError(f"Unknown page size {page_size!r}")
    context = {
        **context,
        "pdf_title": title,
        "pdf_page": f"{page_size} landscape" if landscape else page_size,
        "pdf_font_family": FONT_FAMILY,
        "pdf_html_url": request.build_absolute_uri(html_url),
    }
    content = write_pdf(render_to_string(template_name, context, request))
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
