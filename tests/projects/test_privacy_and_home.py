"""Export and erasure cover applications and support requests; the personal home and the desk
show what waits."""

import pytest

from entraide.people.services import erase_person, export_personal_data
from entraide.projects import services
from entraide.projects.enums import ProjectStatus
from entraide.projects.models import Mentor, Project, Review, SupportRequest

from .factories import accept, make_call, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_export_and_erasure(referent, coordinator, resident, territory):
    call = make_call(referent)
    funded = accept(make_project(call, resident, title="Jardin"), coordinator, 300)
    make_project(call, resident, title="Brouillon", status=ProjectStatus.DRAFT)
    services.ask_support(SupportRequest(topic="room", description="Une salle"), by=resident)
    Mentor.objects.create(territory=territory, person=resident, offer="Animation")
    data = export_personal_data(resident)
    flat = str(data)
    assert "Jardin" in flat and "Brouillon" in flat and "Une salle" in flat and "06 12 34 56 78" in flat
    erase_person(resident)
    assert list(Project.objects.values_list("title", flat=True)) == ["Jardin"]
    funded.refresh_from_db()
    assert (funded.contact, funded.members, funded.status) == ("", "", ProjectStatus.ACCEPTED)
    assert not SupportRequest.objects.exists() and not Mentor.objects.exists()


def test_a_reviewer_s_reviews_go_with_them(referent, coordinator, resident):
    project = make_project(make_call(referent), resident)
    services.save_review(Review(project=project, comment="Bien"), reviewer=coordinator)
    erase_person(coordinator)
    assert not Review.objects.exists()


def test_the_home_and_the_desk_show_what_waits(client_for, referent, coordinator, resident):
    call = make_call(referent)
    make_project(call, resident, title="Jardin partagé")
    services.ask_support(SupportRequest(topic="room", description="Une salle"), by=resident)
    home = client_for(resident).get("/")
    assert "Mes candidatures" in home.text and "Jardin partagé" in home.text
    assert "Mes demandes d&#x27;accompagnement" in home.text or "Mes demandes d'accompagnement" in home.text
    desk = client_for(referent).get("/accueil/")
    assert "Candidatures à examiner" in desk.text and "Jardin partagé" in desk.text
