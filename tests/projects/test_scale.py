"""Pages keep the same number of SQL queries with 5 and with 500 projects (with reviews, diaries,
payments, conflicts, support requests and funding lines growing alongside)."""

import itertools

import pytest
from django.utils import timezone

from entraide.projects.enums import ProjectStatus, SupportTopic
from entraide.projects.models import (
    ConflictOfInterest,
    DiaryEntry,
    FundingLine,
    Payment,
    Project,
    Review,
    SupportRequest,
)

from ..factories import UserFactory
from ..helpers import assert_constant_queries
from .factories import accept, make_call, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def setting(territory, commune, referent, coordinator, resident):
    call = make_call(referent, envelope=10_000_000, most=500)
    mine = make_project(call, resident, title="Mon projet")
    funded = accept(make_project(call, UserFactory(commune=commune), title="Financé"), coordinator, 300)
    counter = itertools.count()
    today = timezone.localdate()

    def add(n):
        people = UserFactory.create_batch(2, commune=commune)
        projects = []
        for _ in range(n):
            i = next(counter)
            granted = i % 2 == 0
            projects.append(
                Project(
                    territory=territory,
                    call=call,
                    slug=f"projet-{i}",
                    status=ProjectStatus.ACCEPTED if granted else ProjectStatus.SUBMITTED,
                    title=f"Projet {i}",
                    description="…",
                    commune=commune,
                    when="bientôt",
                    amount_asked=100,
                    mutual_aid="…",
                    contact="…",
                    applicant=people[i % 2],
                    granted_amount=100 if granted else None,
                    starts_on=timezone.localdate() if granted else None,
                    ends_on=timezone.localdate() if granted else None,
                    statement="Oui" if granted else "",
                    decided_at=timezone.now() if granted else None,
                    submitted_at=timezone.now(),
                )
            )
        Project.objects.bulk_create(projects)
        created = list(Project.objects.filter(slug__in=[p.slug for p in projects]))
        Review.objects.bulk_create([Review(project=p, reviewer=people[0], comment="Bien") for p in created])
        ConflictOfInterest.objects.bulk_create(
            [ConflictOfInterest(project=p, reviewer=people[1]) for p in created]
        )
        for target in (funded, *[p for p in created if p.status == ProjectStatus.ACCEPTED][:1]):
            DiaryEntry.objects.bulk_create(
                [
                    DiaryEntry(project=target, milestone=f"Étape {k}", percent_done=10)
                    for k in range(n // 5 + 1)
                ]
            )
            Payment.objects.bulk_create(
                [Payment(project=target, paid_on=today, amount=1) for _ in range(min(n // 5 + 1, 250))]
            )
        SupportRequest.objects.bulk_create(
            [
                SupportRequest(
                    territory=territory, topic=SupportTopic.ROOM, description="…", requester=people[0]
                )
                for _ in range(n)
            ]
        )
        FundingLine.objects.bulk_create(
            [
                FundingLine(
                    territory=territory,
                    funder_kind="caf",
                    funder="CAF",
                    amount_asked=10,
                    amount_obtained=10,
                    answered_on=today,
                    status="obtained",
                )
                for _ in range(n)
            ]
        )

    return {"call": call, "mine": mine, "funded": funded, "add": add}


@pytest.mark.parametrize(
    "who, url",
    [
        (None, "/projets/"),
        (None, "call"),
        (None, "funded"),
        ("resident", "/projets/mes-candidatures/"),
        ("resident", "/"),
        ("coordinator", "/accueil/projets/"),
        ("coordinator", "review_list"),
        ("coordinator", "review"),
        ("referent", "/accueil/"),
        ("referent", "/accueil/projets/accompagnement/"),
        ("referent", "/accueil/projets/financements/"),
        ("referent", "/projets/guides/"),
    ],
)
def test_pages_run_constant_queries(client_for, setting, request, who, url):
    client = client_for(request.getfixturevalue(who) if who else None)
    url = {
        "call": setting["call"].get_absolute_url(),
        "funded": setting["funded"].get_absolute_url(),
        "review_list": f"/accueil/projets/appels/{setting['call'].slug}/",
        "review": f"/accueil/projets/candidatures/{setting['funded'].public_id}/",
    }.get(url, url)

    def fetch():
        response = client.get(url)
        assert response.status_code == 200, url

    assert_constant_queries(fetch, setting["add"])
