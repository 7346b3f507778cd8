"""Two people press the same button at once (PostgreSQL): the minutes are approved once and emailed
once, the next meeting is planned once, the agenda goes out once, a draft is never lost."""

import pytest
from django.core import mail
from django.db import connection

from entraide.coordination import services
from entraide.coordination.models import Meeting, Minutes

from ..concurrency import run_together
from ..factories import CommuneFactory, RoleFactory, TerritoryFactory, UserFactory
from .factories import make_meeting

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_buttons_pressed_together_act_once_on_postgresql(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: run with DATABASE_URL=postgres://…")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    territory = TerritoryFactory(slug="concurrence-coordination", hostnames="c.example.org")
    commune = CommuneFactory(territory=territory)
    members = [UserFactory(commune=commune) for _ in range(3)]
    for person in members:
        RoleFactory(user=person, kind="coordinator", commune=None)
    meeting = make_meeting(territory, members[0], days=2)

    sent = run_together([lambda: services.send_agenda(meeting) for _ in range(THREADS)])
    assert sorted(result for _, result in sent) == [0] * (THREADS - 1) + [3]

    written = run_together(
        [
            lambda n=n: services.save_minutes(meeting, text=f"Brouillon {n}", by=members[0]).pk
            for n in range(THREADS)
        ]
    )
    assert {outcome for outcome, _ in written} == {"ok"}
    assert Minutes.objects.filter(meeting=meeting).count() == 1  # one draft, rewritten

    mail.outbox.clear()
    approved = run_together(
        [lambda: services.approve_minutes(meeting, by=members[1]).pk for _ in range(THREADS)]
    )
    assert sorted(outcome for outcome, _ in approved) == ["ok"] + ["refused"] * (THREADS - 1)
    assert len(mail.outbox) == 3  # once to each member

    planned = run_together([lambda: services.plan_next(meeting).pk for _ in range(THREADS)])
    assert sorted(outcome for outcome, _ in planned) == ["ok"] + ["refused"] * (THREADS - 1)
    assert Meeting.objects.filter(territory=territory).count() == 2
