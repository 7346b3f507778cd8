"""A funded project keeps a public diary: milestones, % done, a final note with how many people
took part; its holder or a referent writes it, nobody else; the evaluation counts the people."""

import datetime

import pytest
from django.utils import timezone

from entraide.evaluation.registry import get
from entraide.projects.models import DiaryEntry

from .factories import accept, make_call, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_the_holder_keeps_the_diary_and_the_final_note_counts_people(
    client_for, anonymous, referent, coordinator, resident, neighbour, territory
):
    project = accept(make_project(make_call(referent), resident), coordinator, 300)
    url = f"/projets/{project.slug}/journal/"
    today = timezone.localdate().isoformat()
    client = client_for(resident)
    client.post(url, {"written_on": today, "milestone": "Bacs installés", "percent_done": "60"})
    refused = client.post(
        url, {"written_on": today, "milestone": "Fin", "percent_done": "100", "final": "on", "note": "Super"}
    )
    assert refused.status_code == 400 and DiaryEntry.objects.count() == 1
    assert (
        client.post(url, {"written_on": today, "milestone": "Trop", "percent_done": "140"}).status_code == 400
    )
    client.post(
        url,
        {"written_on": today, "milestone": "Fin", "percent_done": "100", "final": "on", "participants": "23"},
    )
    assert DiaryEntry.objects.count() == 2
    page = anonymous.get(project.get_absolute_url())
    assert "Bacs installés" in page.text and "23 personnes ont participé" in page.text
    assert client_for(neighbour).get(url).status_code == 403
    start = timezone.localdate() - datetime.timedelta(days=31)
    rows = get("projects_participants").rows(territory, start, timezone.localdate())
    assert [(r["value"], r["people"]) for r in rows] == [(23, 23)]
