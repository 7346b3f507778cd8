"""The directory's open data, listed on /donnees-ouvertes/ (see entraide.core.open_data)."""

from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.core.open_data import Dataset, Distribution

from .models import Initiative, Service

SCHEMA_URL = "https://github.com/gip-inclusion/data-inclusion-schema"


def datasets(request: HttpRequest) -> list[Dataset]:
    initiatives = Initiative.objects.in_territory(request.territory).published()
    updated = initiatives.aggregate(last=Max("updated_at"))["last"]
    services_updated = Service.objects.filter(initiative__in=initiatives).aggregate(last=Max("updated_at"))[
        "last"
    ]
    return [
        Dataset(
            identifier="annuaire-structures",
            title=_("Directory of initiatives: structures"),
            purpose=_(
                "Who helps whom near here (associations, collectives, public services), in the national "
                "data·inclusion format: for the national directories and the neighbouring communes."
            ),
            distributions=[
                Distribution(
                    reverse("directory:export_structures"), "application/json", _("data·inclusion, JSON")
                )
            ],
            schema_name=_("data·inclusion v1.0.8, structures"),
            schema_url=SCHEMA_URL,
            last_update=updated,
            keywords=["inclusion", "entraide", "annuaire"],
        ),
        Dataset(
            identifier="annuaire-services",
            title=_("Directory of initiatives: services"),
            purpose=_(
                "What each initiative offers (a grocery, a repair café…), in the data·inclusion format."
            ),
            distributions=[
                Distribution(
                    reverse("directory:export_services"), "application/json", _("data·inclusion, JSON")
                )
            ],
            schema_name=_("data·inclusion v1.0.8, services"),
            schema_url=SCHEMA_URL,
            last_update=services_updated,
            keywords=["inclusion", "entraide", "services"],
        ),
        Dataset(
            identifier="annuaire-carte",
            title=_("Directory of initiatives: places on the map"),
            purpose=_("The places open to the public, as points: to show them on another map."),
            distributions=[
                Distribution(reverse("directory:export_geojson"), "application/geo+json", _("GeoJSON"))
            ],
            schema_name="GeoJSON (RFC 7946)",
            schema_url="https://www.rfc-editor.org/rfc/rfc7946",
            last_update=updated,
        ),
        Dataset(
            identifier="annuaire-tableur",
            title=_("Directory of initiatives: spreadsheet"),
            purpose=_(
                "The whole directory in one table, to open in a spreadsheet (LibreOffice, Excel) or to "
                "import into another Entraide site."
            ),
            distributions=[
                Distribution(
                    reverse("directory:export_xlsx"),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    _("Spreadsheet (xlsx)"),
                ),
                Distribution(reverse("directory:export_csv"), "text/csv", _("CSV (semicolons, UTF-8)")),
            ],
            last_update=updated,
        ),
    ]
