"""The paper board: a poster of open posts and a single-post flyer, in black and white, large type.

Each card carries its title, kind and category, a few lines, the short
reference, a QR code to the post's page and that address written out; each
sheet ends with tear-off strips carrying the references and the desk's phone
number. The strips are one figure described once, so a screen reader does not
read the number eight times. Printed by ``entraide.core.pdf``.
"""

from collections.abc import Sequence
from urllib.parse import urlencode

import segno
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from entraide.core.pdf import render_pdf

from .models import Post

MAX_CARDS = 60
CARDS_PER_PAGE = {"A4": 4, "A3": 8}
# Width of the printed area (the page less its margins) and the strips' height, in millimetres.
PRINTED_WIDTH = {"A4": 182, "A3": 269}


def _qr_code(url: str) -> str:
    """The QR code as a PNG of one pixel a module, printed without smoothing: sharp on any printer."""
    return segno.make(url, error="m").png_data_uri(scale=1, border=2)


def _card(request: HttpRequest, post: Post, body_words: int) -> dict:
    kind = _("I need a hand") if post.is_request else _("I can help")
    urgent = _("URGENT")
    url = request.build_absolute_uri(post.get_absolute_url())
    return {
        "post": post,
        "kind": f"{kind} · {urgent}" if post.urgent else kind,
        "body": Truncator(post.body).words(body_words),
        "url": url,
        "qr_code": _qr_code(url),
        "qr_code_description": _("QR code to %(url)s") % {"url": url},
    }


def _strips(references: Sequence[str], phone: str, width: float, height: float, scale: float) -> dict:
    """The tear-off strips of one sheet, drawn as one SVG figure with one description."""
    distinct = ", ".join(dict.fromkeys(references))
    if phone:
        description = _(
            "Strips to tear off, with the reference and the town hall's number (%(phone)s): %(references)s."
        )
    else:
        description = _("Strips to tear off, with the reference: %(references)s.")
    strip = width / max(len(references), 1)
    return {
        "description": description % {"phone": phone, "references": distinct},
        "width": _number(width),
        "height": _number(height),
        "phone": phone,
        "reference_size": _number(4.6 * scale),
        "phone_size": _number(3.9 * scale),
        "strips": [
            {"reference": reference, "x": _number(index * strip), "middle": _number((index + 0.5) * strip)}
            for index, reference in enumerate(references)
        ],
    }


def _number(value: float) -> str:
    """A length for SVG and CSS, written the same in every language (42.5, never 42,5)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _board_title(request: HttpRequest) -> str:
    return _("Mutual-aid board · %(territory)s") % {"territory": request.territory.name}


def poster(request: HttpRequest, posts: Sequence[Post], size: str = "A4") -> HttpResponse:
    """The open posts, a few cards a sheet, each sheet ending with its tear-off strips."""
    territory = request.territory
    scale = 1.2 if size == "A3" else 1.0
    per_page = CARDS_PER_PAGE[size]
    phone = territory.contact_phone
    intro = _("Need a hand, or can you help? Scan the code, go to %(url)s, or call the town hall") % {
        "url": request.build_absolute_uri(reverse("board:list"))
    }
    intro += f" : {phone}." if phone else "."
    sheets = [
        {
            "cards": [_card(request, post, 30) for post in page_posts],
            "strips": _strips([p.reference for p in page_posts], phone, PRINTED_WIDTH[size], 42, scale),
        }
        for page_posts in (posts[i : i + per_page] for i in range(0, len(posts), per_page))
    ]
    filters = urlencode([(key, value) for key, value in request.GET.items() if key != "format"])
    title = _board_title(request)
    return render_pdf(
        request,
        "board/pdf/poster.html",
        {"intro": intro, "sheets": sheets, "scale": scale},
        title=title,
        filename="tableau-entraide.pdf",
        html_url=reverse("board:list") + (f"?{filters}" if filters else ""),
        page_size=size,
    )


def flyer(request: HttpRequest, post: Post) -> HttpResponse:
    """One post on an A4 page, in larger type, with a row of tear-off strips."""
    phone = request.territory.contact_phone
    # The reference stays on one line: a line break after its hyphen would split it.
    reference = format_html('<span class="nowrap">{}</span>', post.reference)
    call = conditional_escape(_("Interested? Call the town hall and give the reference %(reference)s"))
    call = mark_safe(call % {"reference": reference} + (f" : {conditional_escape(phone)}." if phone else "."))  # noqa: S308
    return render_pdf(
        request,
        "board/pdf/flyer.html",
        {
            "board_title": _board_title(request),
            "card": _card(request, post, 120),
            "call": call,
            "strips": _strips([post.reference] * 8, phone, PRINTED_WIDTH["A4"], 50, 1.2),
            "scale": 1.5,
        },
        title=f"{post.reference} · {post.title}",
        filename=f"{post.reference}.pdf",
        html_url=post.get_absolute_url(),
    )
