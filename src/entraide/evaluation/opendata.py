"""The evaluation's open data, listed on /donnees-ouvertes/ (see entraide.core.open_data)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.core.open_data import Dataset, Distribution

from .models import FigureRefresh


def datasets(request: HttpRequest) -> list[Dataset]:
    refreshed = FigureRefresh.objects.filter(territory=request.territory).values_list(
        "refreshed_at", flat=True
    )
    return [
        Dataset(
            identifier="evaluation-indicateurs",
            title=_("Evaluation figures by commune and month"),
            purpose=_(
                "What the programme changes, for researchers: help, hours given, meetups, needs, "
                "feedback and the questionnaire's answers, aggregated by commune and month; every "
                "cell counts at least 5 people. The dictionary describes each column and indicator."
            ),
            distributions=[
                Distribution(reverse("evaluation:open_data"), "text/csv", _("CSV")),
                Distribution(reverse("evaluation:data_dictionary"), "text/csv", _("Data dictionary (CSV)")),
            ],
            last_update=refreshed.first(),
            keywords=["évaluation", "lien social", "isolement"],
        )
    ]
