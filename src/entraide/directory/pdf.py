"""The printable directory ("annuaire de l'entraide"), by commune, with reportlab platypus."""

import datetime
import io
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from entraide.territories.models import Commune, Territory

from .models import Initiative


def _styles():
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=22, leading=26),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=16, leading=20, spaceBefore=12),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontSize=13, leading=16, spaceBefore=8),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontSize=11, leading=15),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=9, leading=12),
    }


def _entry(initiative: Initiative, styles) -> KeepTogether:
    lines = [Paragraph(escape(initiative.name), styles["h3"])]
    facts = [initiative.get_kind_display(), initiative.public_location]
    themes = ", ".join(c.name for c in initiative.categories.all())
    if themes:
        facts.append(themes)
    lines.append(Paragraph(escape(" · ".join(str(f) for f in facts)), styles["small"]))
    lines.append(Paragraph(escape(initiative.description), styles["body"]))
    services = ", ".join(s.name for s in initiative.services.all())
    if services:
        lines.append(Paragraph(escape(_("Offers: %(services)s") % {"services": services}), styles["body"]))
    details = []
    if initiative.has_public_place and initiative.address:
        details.append(initiative.address)
    if initiative.opening_hours:
        details.append(initiative.opening_hours_display)
    if initiative.contact_phone:
        details.append(_("Phone: %(phone)s") % {"phone": initiative.contact_phone})
    if initiative.contact_email:
        details.append(initiative.contact_email)
    if initiative.website:
        details.append(initiative.website)
    if details:
        lines.append(Paragraph(escape(" — ".join(details)), styles["body"]))
    return KeepTogether(lines)


def directory_pdf(
    territory: Territory, commune: Commune | None, initiatives: list[Initiative], today: datetime.date
) -> bytes:
    buffer = io.BytesIO()
    where = commune.name if commune else territory.name
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=_("Directory of mutual aid — %(where)s") % {"where": where},
        lang="fr",
    )
    styles = _styles()
    story = [
        Paragraph(escape(_("Directory of mutual aid")), styles["title"]),
        Paragraph(escape(where), styles["h2"]),
        Paragraph(
            escape(_("Updated on %(date)s.") % {"date": date_format(today, "DATE_FORMAT")}), styles["body"]
        ),
    ]
    if territory.is_demo:
        story.append(Paragraph(escape(_("Demonstration: these initiatives are fictitious.")), styles["body"]))
    if territory.contact_phone:
        story.append(
            Paragraph(
                escape(
                    _("To add or correct an entry, call the town hall: %(phone)s")
                    % {"phone": territory.contact_phone}
                ),
                styles["body"],
            )
        )
    story.append(Spacer(1, 0.5 * cm))
    current = None
    for initiative in initiatives:
        if commune is None and initiative.commune_id != current:
            current = initiative.commune_id
            story.append(Paragraph(escape(initiative.commune.name), styles["h2"]))
        story.append(_entry(initiative, styles))
    if not initiatives:
        story.append(Paragraph(escape(_("No initiative is listed yet.")), styles["body"]))
    doc.build(story)
    return buffer.getvalue()
