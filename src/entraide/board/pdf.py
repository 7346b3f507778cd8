"""The paper board: a poster of open posts and a single-post flyer, in black and white, large type.

Each card carries its category, title, a few lines, the short reference and a
QR code to the post's page; tear-off strips at the bottom of each page carry
the reference and the desk's phone number.
"""

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

import segno
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .models import Post

MAX_CARDS = 60
CARDS_PER_PAGE = {"A4": 4, "A3": 8}
COLUMNS = {"A4": 2, "A3": 2}
BLACK = colors.black


def _styles(scale: float) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=12 * scale, leading=15 * scale)
    return {
        "heading": ParagraphStyle(
            "heading", base, fontName="Helvetica-Bold", fontSize=26 * scale, leading=30 * scale
        ),
        "intro": ParagraphStyle("intro", base, fontSize=13 * scale, leading=17 * scale),
        "kind": ParagraphStyle(
            "kind", base, fontName="Helvetica-Bold", fontSize=12 * scale, leading=15 * scale
        ),
        "title": ParagraphStyle(
            "title", base, fontName="Helvetica-Bold", fontSize=17 * scale, leading=21 * scale
        ),
        "body": base,
        "reference": ParagraphStyle(
            "reference", base, fontName="Helvetica-Bold", fontSize=20 * scale, leading=24 * scale
        ),
        "small": ParagraphStyle("small", base, fontSize=10 * scale, leading=13 * scale),
        "center": ParagraphStyle("center", base, alignment=TA_CENTER),
    }


class QRCode(Flowable):
    """A QR code drawn as vector squares: sharp on any printer, light and fast."""

    def __init__(self, url: str, size: float, border: int = 2):
        super().__init__()
        self.matrix = segno.make(url, error="m").matrix
        self.size = size
        self.border = border

    def wrap(self, avail_width, avail_height):
        return self.size, self.size

    def draw(self):
        count = len(self.matrix) + 2 * self.border
        module = self.size / count
        canvas = self.canv
        canvas.setFillColor(BLACK)
        for y, row in enumerate(self.matrix):
            top = self.size - (y + self.border + 1) * module
            x = 0
            while x < len(row):
                if row[x]:
                    start = x
                    while x < len(row) and row[x]:
                        x += 1
                    canvas.rect(
                        (start + self.border) * module, top, (x - start) * module, module, stroke=0, fill=1
                    )
                else:
                    x += 1


def _qr(url: str, size: float) -> QRCode:
    return QRCode(url, size)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _card(
    request: HttpRequest, post: Post, styles, width: float, scale: float, body_words: int = 30
) -> Table:
    kind = _("I need a hand") if post.is_request else _("I can help")
    if post.urgent:
        urgent = _("URGENT")
        kind = f"{kind} · {urgent}"
    qr_size = 30 * mm * scale
    text = [
        _p(f"{kind} — {post.category.name}", styles["kind"]),
        Spacer(1, 2 * mm),
        _p(post.title, styles["title"]),
        Spacer(1, 2 * mm),
        _p(Truncator(post.body).words(body_words), styles["body"]),
        Spacer(1, 2 * mm),
        _p(f"{post.public_location} · {post.when_display()}", styles["small"]),
    ]
    side = [
        _p(post.reference, styles["reference"]),
        _qr(request.build_absolute_uri(post.get_absolute_url()), qr_size),
    ]
    inner = Table([[text, side]], colWidths=[width - qr_size - 8 * mm, qr_size + 4 * mm])
    inner.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 2, BLACK),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return inner


class TearOffStrips(Flowable):
    """A row of vertical strips to tear off, each with a reference and the desk's phone number."""

    def __init__(self, references: Sequence[str], phone: str, height: float, scale: float):
        super().__init__()
        self.references = list(references)
        self.phone = phone
        self.strip_height = height
        self.scale = scale

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.strip_height

    def draw(self):
        canvas = self.canv
        count = max(len(self.references), 1)
        strip = self.width / count
        canvas.setStrokeColor(BLACK)
        canvas.setDash(4, 3)
        canvas.line(0, self.strip_height, self.width, self.strip_height)
        for index, reference in enumerate(self.references):
            x = index * strip
            if index:
                canvas.line(x, 0, x, self.strip_height)
            canvas.saveState()
            canvas.translate(x + strip / 2, 3 * mm)
            canvas.rotate(90)
            canvas.setFont("Helvetica-Bold", 13 * self.scale)
            canvas.drawString(0, 2 * mm, reference)
            if self.phone:
                canvas.setFont("Helvetica", 11 * self.scale)
                canvas.drawString(0, -4 * mm * self.scale, self.phone)
            canvas.restoreState()


def _document(buffer: io.BytesIO, pagesize, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=10 * mm,
        title=title,
        author="Entraide",
        lang="fr",
    )


def poster(request: HttpRequest, posts: Sequence[Post], size: str = "A4") -> bytes:
    """The open posts, a few cards a page, each page ending with its tear-off strips."""
    territory = request.territory
    pagesize = A3 if size == "A3" else A4
    scale = 1.3 if size == "A3" else 1.0
    styles = _styles(scale)
    buffer = io.BytesIO()
    title = _("Mutual-aid board · %(territory)s") % {"territory": territory.name}
    document = _document(buffer, pagesize, title)
    columns = COLUMNS[size]
    per_page = CARDS_PER_PAGE[size]
    card_width = (document.width - 4 * mm) / columns
    phone = territory.contact_phone
    intro = _("Need a hand, or can you help? Scan the code, go to %(url)s, or call the town hall") % {
        "url": request.build_absolute_uri("/tableau/")
    }
    intro += f" : {phone}." if phone else "."
    story = []
    pages = [posts[i : i + per_page] for i in range(0, len(posts), per_page)] or [[]]
    for number, page_posts in enumerate(pages):
        if number:
            story.append(PageBreak())
        story += [
            _p(title, styles["heading"]),
            Spacer(1, 2 * mm),
            _p(intro, styles["intro"]),
            Spacer(1, 5 * mm),
        ]
        if not page_posts:
            story.append(_p(_("No open post at the moment."), styles["title"]))
            continue
        cards = [_card(request, post, styles, card_width, scale) for post in page_posts]
        rows = [cards[i : i + columns] for i in range(0, len(cards), columns)]
        rows[-1] += [""] * (columns - len(rows[-1]))
        grid = Table(rows, colWidths=[card_width + 4 * mm / columns] * columns)
        grid.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 1 * mm),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 1 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
                ]
            )
        )
        story.append(grid)
        story.append(Spacer(1, 4 * mm))
        story.append(
            KeepTogether(
                [
                    _p(_("Tear off a strip: the reference and the number to call."), styles["small"]),
                    TearOffStrips([p.reference for p in page_posts], phone, 42 * mm * scale, scale),
                ]
            )
        )
    document.build(story)
    return buffer.getvalue()


def flyer(request: HttpRequest, post: Post) -> bytes:
    """One post on an A4 page, in larger type, with a row of tear-off strips."""
    territory = request.territory
    scale = 1.5
    styles = _styles(scale)
    buffer = io.BytesIO()
    document = _document(buffer, A4, f"{post.reference} · {post.title}")
    story = [
        _p(_("Mutual-aid board · %(territory)s") % {"territory": territory.name}, styles["intro"]),
        Spacer(1, 6 * mm),
        _card(request, post, styles, document.width, scale, body_words=120),
        Spacer(1, 8 * mm),
        _p(
            _("Interested? Call the town hall and give the reference %(reference)s")
            % {"reference": post.reference}
            + (f" : {territory.contact_phone}." if territory.contact_phone else "."),
            styles["body"],
        ),
        Spacer(1, 8 * mm),
        TearOffStrips([post.reference] * 8, territory.contact_phone, 50 * mm, 1.2),
    ]
    document.build(story)
    return buffer.getvalue()
