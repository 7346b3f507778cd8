"""The printable directory ("annuaire de l'entraide"), by commune, printed by ``entraide.core.pdf``."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.core.pdf import render_pdf
from entraide.territories.models import Commune

from .models import Initiative


def _entry(initiative: Initiative) -> dict:
    facts = [initiative.get_kind_display(), initiative.public_location]
    themes = ", ".join(c.name for c in initiative.categories.all())
    if themes:
        facts.append(themes)
    services = ", ".join(s.name for s in initiative.services.all())
    details = []
    if initiative.has_public_place and initiative.address:
        details.append(initiative.address)
    if initiative.opening_hours:
        details.append(initiative.opening_hours_display)
    if initiative.contact_phone:
        details.append(_("Phone: %(phone)s") % {"phone": initiative.contact_phone})
    if initiative.contact_email:
        details.append(initiative.contact_email)
    return {
        "initiative": initiative,
        "facts": " · ".join(str(f) for f in facts),
        "services": _("Offers: %(services)s") % {"services": services} if services else "",
        "details": " — ".join(details),
    }


def directory_pdf(
    request: HttpRequest, commune: Commune | None, initiatives: list[Initiative], today: datetime.date
) -> HttpResponse:
    territory = request.territory
    where = commune.name if commune else territory.name
    html_url = reverse("directory:list") + (f"?commune={commune.insee_code}" if commune else "")
    return render_pdf(
        request,
        "directory/pdf/directory.html",
        {"where": where, "commune": commune, "entries": [_entry(i) for i in initiatives], "today": today},
        title=_("Directory of mutual aid — %(where)s") % {"where": where},
        filename=f"annuaire-entraide-{commune.insee_code if commune else territory.slug}.pdf",
        html_url=html_url,
    )
