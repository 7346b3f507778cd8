"""The demo's micro-initiatives: the open call of 2027 with six applications in every state, last
year's results with two diaries, three support requests, four funding lines; loading twice
changes nothing."""

import pytest
from django.core.management import call_command

from entraide.projects import demo
from entraide.projects.enums import Holder, ProjectStatus, SupportStatus
from entraide.projects.models import Call, DiaryEntry, FundingLine, Guide, Project, SupportRequest

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Call, Project, DiaryEntry, SupportRequest, FundingLine, Guide)]


def test_the_demo_holds_the_issue_s_data_once(client):
    call_command("demo", quiet_logins=True)
    first = counts()
    open_call = Call.objects.get(title=demo.OPEN_CALL)
    assert (open_call.envelope, open_call.max_per_project, open_call.is_open()) == (3000, 500, True)
    projects = Project.objects.filter(call=open_call)
    assert projects.count() == 6
    assert set(projects.values_list("status", flat=True)) == set(ProjectStatus.values)
    assert projects.filter(holder=Holder.GROUP).exclude(members="").exists()
    assert projects.filter(entered_by__isnull=False, applicant__isnull=True).exists()
    assert open_call.granted == 800
    closed = Call.objects.get(title=demo.CLOSED_CALL)
    assert closed.is_closed
    assert Project.objects.filter(call=closed, status=ProjectStatus.ACCEPTED).count() == 2
    assert DiaryEntry.objects.values("project").distinct().count() == 2
    assert SupportRequest.objects.count() == 3
    assert set(SupportRequest.objects.values_list("status", flat=True)) == set(SupportStatus.values)
    assert FundingLine.objects.count() == 4
    call_command("demo", quiet_logins=True)
    assert counts() == first
    for url in ("/projets/", open_call.get_absolute_url(), closed.get_absolute_url(), "/projets/guides/"):
        assert client.get(url).status_code == 200, url
    funded = Project.objects.filter(call=closed, status=ProjectStatus.ACCEPTED).first()
    page = client.get(funded.get_absolute_url())
    assert page.status_code == 200 and funded.statement in page.text


def test_the_results_are_open_data_without_names_or_contacts(anonymous, referent, coordinator, resident):
    from .factories import accept, make_call, make_project

    project = accept(make_project(make_call(referent), resident, title="Jardin"), coordinator, 300)
    DiaryEntry.objects.create(project=project, milestone="Fin", percent_done=100, final=True, participants=17)
    response = anonymous.get("/projets/resultats.json")
    (row,) = response.json()
    assert (row["projet"], row["montant_accorde_euros"], row["participants"], row["decision"]) == (
        "Jardin",
        300,
        17,
        "accepted",
    )
    assert resident.display_name not in response.text and "06 12" not in response.text
    catalogue = anonymous.get("/donnees-ouvertes/")
    assert "/projets/resultats.json" in catalogue.text
