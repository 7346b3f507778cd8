"""Directory and diagnosis pages are valid HTML (Nu Html Checker, like tests/test_html_validity.py)."""

import pytest

from ..diagnosis.factories import NeedFactory
from ..test_html_validity import assert_valid_html, checker_command
from .factories import HolderFactory, InitiativeFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_directory_and_diagnosis_pages_are_valid_html(
    client_for, resident, referent, coordinator, commune, neighbourhood, theme, tmp_path
):
    checker_command()  # skips early, before building data, when the checker is missing
    initiative = InitiativeFactory(
        commune=commune,
        neighbourhood=neighbourhood,
        public_place=True,
        categories=[theme],
        website="https://a.example.org",
    )
    ServiceFactory(initiative=initiative, service_type="atelier", fee="gratuit")
    HolderFactory(initiative=initiative, user=resident, confirmed=False)
    InitiativeFactory(commune=commune, proposed=True)
    need = NeedFactory(commune=commune, category=theme)
    client_for(coordinator).post("/diagnostic/instantanes/", {"title": "Diagnostic de mars 2026"})
    from entraide.diagnosis.models import Snapshot

    snapshot = Snapshot.objects.get()
    anonymous, as_referent, as_coordinator = client_for(), client_for(referent), client_for(coordinator)
    pages = {
        "list": (anonymous, "/initiatives/?q=fictive&theme=courses"),
        "map": (anonymous, "/initiatives/carte/"),
        "embed": (anonymous, "/initiatives/integrer/?vue=carte"),
        "detail": (anonymous, f"/initiatives/{initiative.slug}/"),
        "detail-referent": (as_referent, f"/initiatives/{initiative.slug}/"),
        "propose": (client_for(resident), "/initiatives/proposer/"),
        "correct": (client_for(resident), f"/initiatives/{initiative.slug}/modifier/"),
        "queue": (as_referent, "/initiatives/a-valider/"),
        "stale": (as_referent, "/initiatives/a-verifier/"),
        "import": (as_referent, "/initiatives/import/"),
        "diagnosis": (anonymous, "/diagnostic/"),
        "diagnosis-exact": (as_coordinator, "/diagnostic/?par=commune"),
        "snapshots": (as_coordinator, "/diagnostic/instantanes/"),
        "snapshot": (anonymous, f"/diagnostic/instantanes/{snapshot.public_id}/?comparer=maintenant"),
        "needs": (as_coordinator, "/besoins/"),
        "need": (as_coordinator, f"/besoins/{need.public_id}/"),
        "suggest": (client_for(resident), "/besoins/proposer/"),
    }
    assert_valid_html(pages, tmp_path)
