"""The results of the calls for projects as open data (listed on /donnees-ouvertes/)."""

from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.core.open_data import Dataset, Distribution

from .models import Project


def datasets(request: HttpRequest) -> list[Dataset]:
    decided = Project.objects.in_territory(request.territory).decided()
    return [
        Dataset(
            identifier="micro-initiatives-resultats",
            title=_("Micro-initiatives: results of the calls for projects"),
            purpose=_(
                "Every decision of the coordination group: the project, where, the amount asked and "
                "granted, the public statement and, at the end, how many people took part. No names."
            ),
            distributions=[Distribution(reverse("projects:results_json"), "application/json", "JSON")],
            last_update=decided.aggregate(last=Max("decided_at"))["last"],
            keywords=["entraide", "appel à projets", "subventions"],
        )
    ]
