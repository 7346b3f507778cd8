"""Meetups on paper, printed by entraide.core.pdf: a flyer per meetup (A4 or A5) with a QR code,
the month's programme for the town-hall window and the bakery, and the organisers' sign-in sheet
in large type."""

import datetime

import segno
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from entraide.core.calendars import local_zone
from entraide.core.dates import month_from_query
from entraide.core.pdf import render_pdf

from .models import Meetup, Occurrence

PROGRAMME_LIMIT = 120


def _qr_code(url: str) -> str:
    """One pixel a module, printed without smoothing: sharp on any printer (as the board's poster)."""
    return segno.make(url, error="m").png_data_uri(scale=1, border=2)


def _code(url: str) -> dict:
    return {"url": url, "qr_code": _qr_code(url), "description": _("QR code to %(url)s") % {"url": url}}


def flyer(request: HttpRequest, meetup: Meetup, size: str = "A4") -> HttpResponse:
    now = timezone.now()
    coming = list(
        Occurrence.objects.filter(meetup=meetup, starts_at__gte=now, cancelled=False).order_by("starts_at")[
            :4
        ]
    )
    return render_pdf(
        request,
        "meetups/pdf/flyer.html",
        {
            "meetup": meetup,
            "coming": coming,
            "code": _code(request.build_absolute_uri(meetup.get_absolute_url())),
            "phone": request.territory.contact_phone,
            "scale": 0.75 if size == "A5" else 1,
        },
        title=meetup.title,
        filename=f"{meetup.slug}.pdf",
        html_url=meetup.get_absolute_url(),
        page_size=size,
    )


def programme(request: HttpRequest) -> HttpResponse:
    """This month's meetups (or `?mois=YYYY-MM`), each with its QR code."""
    today = timezone.localdate()
    first = month_from_query(request.GET.get("mois")) or today.replace(day=1)
    next_first = (first + datetime.timedelta(days=32)).replace(day=1)
    zone = local_zone()
    occurrences = list(
        Occurrence.objects.in_territory(request.territory)
        .public()
        .for_cards()
        .filter(
            cancelled=False,
            starts_at__gte=datetime.datetime.combine(first, datetime.time.min, tzinfo=zone),
            starts_at__lt=datetime.datetime.combine(next_first, datetime.time.min, tzinfo=zone),
        )
        .order_by("starts_at", "pk")[:PROGRAMME_LIMIT]
    )
    codes: dict[int, dict] = {}
    for occurrence in occurrences:
        if occurrence.meetup_id not in codes:
            codes[occurrence.meetup_id] = _code(
                request.build_absolute_uri(occurrence.meetup.get_absolute_url())
            )
    rows = [{"occurrence": o, "code": codes[o.meetup_id]} for o in occurrences]
    month_name = date_format(first, "F Y")
    title = _("Meetups of %(month)s · %(territory)s") % {
        "month": month_name,
        "territory": request.territory.name,
    }
    return render_pdf(
        request,
        "meetups/pdf/programme.html",
        {
            "rows": rows,
            "month_name": month_name,
            "list_url": request.build_absolute_uri(reverse("meetups:list")),
            "phone": request.territory.contact_phone,
        },
        title=title,
        filename=f"rencontres-{first:%Y-%m}.pdf",
        html_url=reverse("meetups:month") + f"?mois={first:%Y-%m}",
    )


def signin_sheet(request: HttpRequest, occurrence: Occurrence, registrations) -> HttpResponse:
    meetup = occurrence.meetup
    when = date_format(timezone.localtime(occurrence.starts_at), "l j F Y, H:i")
    return render_pdf(
        request,
        "meetups/pdf/signin.html",
        {"meetup": meetup, "when": when, "registrations": registrations, "blank_rows": range(10)},
        title=_("Sign-in sheet · %(meetup)s, %(when)s") % {"meetup": meetup.title, "when": when},
        filename=f"emargement-{meetup.slug}-{timezone.localtime(occurrence.starts_at):%Y-%m-%d}.pdf",
        html_url=reverse("meetups:attendees", kwargs={"public_id": occurrence.public_id}),
    )
