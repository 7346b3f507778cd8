"""Co-funding: funding lines with amounts asked and obtained; the yearly summary of money in and
out adds up the same on the page, in the PDF and in the CSV."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from entraide.projects import summary
from entraide.projects.models import FundingLine, Payment

from ..pdfs import pdf_text
from .factories import accept, make_call, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def money(territory, referent, coordinator, resident):
    today = timezone.localdate()
    project = accept(make_project(make_call(referent), resident, amount=450), coordinator, 450)
    lines = [("Agglomération", 1500, "obtained"), ("CAF du Tarn", 300, "obtained"), ("Région", 2000, "asked")]
    for funder, amount, status in lines:
        FundingLine.objects.create(
            territory=territory,
            funder_kind="other",
            funder=funder,
            amount_asked=amount,
            amount_obtained=amount if status == "obtained" else None,
            answered_on=today if status == "obtained" else None,
            status=status,
        )
    Payment.objects.create(project=project, paid_on=today, amount=200)
    Payment.objects.create(project=project, paid_on=today, amount=250)
    last_year = today.replace(year=today.year - 1)
    FundingLine.objects.create(
        territory=territory,
        funder_kind="caf",
        funder="Année dernière",
        amount_asked=99,
        amount_obtained=99,
        answered_on=last_year,
        status="obtained",
    )
    return today.year


def test_the_summary_adds_up(territory, money):
    result = summary.for_year(territory, money)
    assert (result["total_in"], result["total_out"], result["balance"], result["granted"]) == (
        1800,
        450,
        1350,
        450,
    )
    assert sum(line.amount_obtained for line in result["incoming"]) == result["total_in"]


def test_the_pdf_and_the_csv_give_the_same_totals(client_for, referent, money):
    client = client_for(referent)
    page = client.get(f"/accueil/projets/bilan/?annee={money}")
    assert page.status_code == 200 and "1800" in page.text and "1350" in page.text
    text = pdf_text(client.get(f"/accueil/projets/bilan.pdf?annee={money}").content)
    for figure in ("1500", "300", "200", "250", "1800", "450", "1350"):
        assert figure in text
    assert "Année dernière" not in text
    body = client.get(f"/accueil/projets/bilan.csv?annee={money}").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    amounts = {row[0]: int(row[-1]) for row in rows[1:]}
    ins = sum(int(r[-1]) for r in rows[1:] if r[0] == "Recette")
    outs = sum(int(r[-1]) for r in rows[1:] if r[0] == "Dépense")
    assert (ins, outs) == (amounts["Total des recettes"], amounts["Total des dépenses"]) == (1800, 450)
    assert amounts["Solde"] == 1350


def test_a_funding_line_is_added_with_clear_french_messages(client_for, referent, territory):
    client = client_for(referent)
    response = client.post(
        "/accueil/projets/financements/",
        {"funder_kind": "region", "funder": "Région Occitanie", "amount_asked": "12,5", "status": "obtained"},
    )
    assert response.status_code == 400 and "nombre entier d’euros" in response.text
    assert "Indiquez le montant obtenu." in response.text
    assert not FundingLine.objects.exists()
    client.post(
        "/accueil/projets/financements/",
        {
            "funder_kind": "region",
            "funder": "Région Occitanie",
            "amount_asked": "2 000",
            "status": "obtained",
            "amount_obtained": "1 500 €",
            "answered_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        },
    )
    line = FundingLine.objects.get()
    assert (line.amount_asked, line.amount_obtained, line.project) == (2000, 1500, None)


def test_only_referents_see_the_money(client_for, coordinator, resident):
    for person in (coordinator, resident):
        client = client_for(person)
        assert client.get("/accueil/projets/financements/").status_code == 403
        assert client.get("/accueil/projets/bilan.csv").status_code == 403


ASKED = {"status": "asked"}


def _funded(territory, call, commune, applicant, n, prefix="Projet", days_ago=0):
    from entraide.projects.enums import ProjectStatus
    from entraide.projects.models import Project

    now = timezone.now()
    Project.objects.bulk_create(
        [
            Project(
                territory=territory,
                call=call,
                slug=f"{prefix.lower()}-{i}",
                status=ProjectStatus.ACCEPTED,
                title=f"{prefix} {i:03d}",
                description="…",
                commune=commune,
                when="bientôt",
                amount_asked=10,
                mutual_aid="…",
                contact="…",
                applicant=applicant,
                granted_amount=10,
                starts_on=now.date(),
                ends_on=now.date(),
                statement="Oui",
                decided_at=now - datetime.timedelta(days=days_ago, minutes=n - i),
                submitted_at=now,
            )
            for i in range(n)
        ]
    )


def test_the_funding_form_lists_a_bounded_number_of_projects_and_finds_older_ones(
    client_for, territory, commune, referent, resident
):
    from entraide.projects.forms import PROJECTS_SHOWN
    from entraide.projects.models import Project

    from ..helpers import count_queries

    call = make_call(referent, envelope=10_000_000)
    client = client_for(referent)
    _funded(territory, call, commune, resident, 5, prefix="Ancien", days_ago=30)
    few_page = client.get("/accueil/projets/financements/").text
    few_queries, _sql = count_queries(lambda: client.get("/accueil/projets/financements/"))
    _funded(territory, call, commune, resident, 500)
    page = client.get("/accueil/projets/financements/").text
    many_queries, _sql = count_queries(lambda: client.get("/accueil/projets/financements/"))
    assert few_queries == many_queries
    assert page.count("<option") - few_page.count("<option") == PROJECTS_SHOWN - 5
    assert len(page) < len(few_page) + 5_000
    assert "Projet 499" in page and "Ancien 000" not in page
    found = client.get("/accueil/projets/financements/?projet=ancien 00").text
    assert "Ancien 000" in found and "Projet 499" not in found
    older = Project.objects.get(title="Ancien 000")
    response = client.post(
        "/accueil/projets/financements/",
        {"funder_kind": "caf", "funder": "CAF", "project": older.pk, "amount_asked": "100", **ASKED},
    )
    assert response.status_code == 302
    line = FundingLine.objects.get(funder="CAF")
    assert line.project == older
    edit = client.get(f"/accueil/projets/financements/{line.public_id}/").text
    assert "Ancien 000" in edit and f'value="{older.pk}" selected' in edit


def test_the_funding_form_refuses_a_project_that_is_not_funded(client_for, referent, resident):
    submitted = make_project(make_call(referent), resident)
    response = client_for(referent).post(
        "/accueil/projets/financements/",
        {"funder_kind": "caf", "funder": "CAF", "project": submitted.pk, "amount_asked": "100", **ASKED},
    )
    assert response.status_code == 400 and not FundingLine.objects.exists()
