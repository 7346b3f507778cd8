"""Another territory's referent reaches none of our calls, projects, support requests or funding
lines: 404 on every key, whatever their role there."""

import pytest

from entraide.projects import services
from entraide.projects.models import FundingLine, SupportRequest

from ..factories import RoleFactory
from .factories import accept, make_call, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_another_territory_sees_nothing(client_for, referent, coordinator, resident, outsider, territory):
    RoleFactory(user=outsider, kind="administrator", commune=None)
    call = make_call(referent)
    project = accept(make_project(call, resident), coordinator, 300)
    support = services.ask_support(SupportRequest(topic="room", description="Une salle"), by=resident)
    line = FundingLine.objects.create(
        territory=territory, funder_kind="caf", funder="CAF de Coufouleux", amount_asked=10
    )
    client = client_for(outsider)
    for url in (
        f"/projets/appels/{call.slug}/",
        f"/projets/{project.slug}/",
        f"/accueil/projets/appels/{call.slug}/",
        f"/accueil/projets/candidatures/{project.public_id}/",
        f"/projets/accompagnement/{support.public_id}/",
        f"/accueil/projets/financements/{line.public_id}/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            f"/accueil/projets/candidatures/{project.public_id}/versement/",
            {"paid_on": "2026-11-01", "amount": "1"},
        ).status_code
        == 404
    )
    assert call.title not in client.get("/projets/").text
    assert "CAF de Coufouleux" not in client.get("/accueil/projets/financements/").text
