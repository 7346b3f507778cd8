"""The issue's bound: /rencontres/, a meetup's page, the month, the embed, the programme and every
calendar run as many SQL queries with a few meetups as with many more (repeating meetups, their
dates and registrations are bulk-created here; the pages do the rest). Timings: bench/meetups_bench.py.
On PostgreSQL, the week's dates are read in the list's order from their index (EXPLAIN), unsorted."""

import datetime
import itertools

import pytest
from django.db import connection
from django.utils import timezone

from entraide.core import calendars
from entraide.meetups.enums import MeetupStatus, RegistrationStatus
from entraide.meetups.models import Meetup, Occurrence, Registration
from entraide.meetups.views import FEED_PURPOSE

from ..factories import CommuneFactory, UserFactory
from ..helpers import assert_constant_queries
from .factories import MeetupKindFactory, make_meetup, next_day

pytestmark = pytest.mark.django_db

WEEKS = 6


@pytest.fixture
def cafe(referent, resident):
    meetup = make_meetup(
        referent,
        title="Café solidaire du mardi",
        rrule="FREQ=WEEKLY;BYDAY=TU",
        registration_required=True,
        capacity=100000,
    )
    from entraide.meetups import services

    services.register(meetup.occurrences.order_by("starts_at").first(), resident)
    return meetup


@pytest.fixture
def add_meetups(territory, commune, referent, resident, cafe):
    """`add(n)`: n more published meetups (a third weekly, a third monthly, a third once) with their
    dates over the coming weeks, each date with registrations; the café and the resident get more too."""
    kinds = [cafe.kind, MeetupKindFactory(territory=territory, slug="atelier", name="Atelier")]
    communes = [commune, CommuneFactory(territory=territory, insee_code="81220", name="Rabastens")]
    counter = itertools.count()
    first = next_day(1)

    def add(n):
        people = UserFactory.create_batch(3, commune=commune)
        meetups = []
        for _ in range(n):
            i = next(counter)
            start = first + datetime.timedelta(days=i % 7, hours=i % 5)
            rule = ["FREQ=WEEKLY;BYDAY=MO", "FREQ=MONTHLY;BYDAY=1SA", ""][i % 3]
            meetups.append(
                Meetup(
                    territory=territory,
                    slug=f"rencontre-{i}",
                    kind=kinds[i % 2],
                    title=f"Rencontre {i}",
                    commune=communes[i % 2],
                    address="Salle des fêtes",
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    rrule=rule,
                    last_starts_at=None if rule else start,
                    status=MeetupStatus.PUBLISHED,
                    proposed_by=referent,
                    registration_required=True,
                    capacity=50,
                )
            )
        Meetup.objects.bulk_create(meetups)
        Meetup.organisers.through.objects.bulk_create(
            [Meetup.organisers.through(meetup=m, user=referent) for m in meetups]
            + [Meetup.organisers.through(meetup=cafe, user=p) for p in people]
        )
        dates = [
            Occurrence(
                territory=territory,
                meetup=m,
                starts_at=m.starts_at + datetime.timedelta(weeks=w),
                ends_at=m.ends_at + datetime.timedelta(weeks=w),
            )
            for m in meetups
            for w in range(WEEKS if m.rrule else 1)
        ]
        Occurrence.objects.bulk_create(dates)
        cafe_dates = list(cafe.occurrences.all())
        registrations = [
            Registration(occurrence=o, person=p, status=RegistrationStatus.CONFIRMED)
            for o in dates + cafe_dates
            for p in people
        ] + [Registration(occurrence=o, person=resident, status=RegistrationStatus.WAITING) for o in dates]
        Registration.objects.bulk_create(registrations)

    return add


def pages(cafe, resident):
    week = timezone.localtime(next_day(1)).date().isoformat()
    token = calendars.feed_token(resident, FEED_PURPOSE)
    return [
        f"/rencontres/?semaine={week}",
        f"/rencontres/?semaine={week}&commune=81070&type=atelier",
        f"/rencontres/?semaine={week}&page=2",
        f"/rencontres/mois/?mois={week[:7]}",
        f"/rencontres/{cafe.slug}/",
        f"/rencontres/{cafe.slug}/?date={week}",
        "/rencontres/integrer/",
        "/rencontres/calendrier.ics",
        "/rencontres/calendrier.ics?type=atelier",
        "/rencontres/calendrier.ics?commune=81220",
        f"/rencontres/{cafe.slug}/rencontre.ics",
        f"/rencontres/agenda-prive/{token}/rencontres.ics",
    ]


@pytest.mark.parametrize("index", range(12))
def test_the_meetup_pages_and_feeds_run_the_same_queries_with_5_and_300_meetups(
    anonymous, cafe, resident, add_meetups, index
):
    path = pages(cafe, resident)[index]
    assert_constant_queries(lambda: anonymous.get(path), add_meetups, small=5, large=300)


def test_the_organiser_pages_run_the_same_queries_with_few_or_many_registrations(
    client_for, referent, cafe, add_meetups
):
    occurrence = cafe.occurrences.order_by("starts_at").first()
    client = client_for(referent)
    for path in [f"/rencontres/dates/{occurrence.public_id}/participants/", "/rencontres/mes-rencontres/"]:
        assert_constant_queries(lambda path=path: client.get(path), add_meetups, small=2, large=40)


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny test tables: ask what the index offers
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")
def test_the_week_is_read_in_order_from_its_index(territory, cafe, add_meetups):
    add_meetups(30)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    after = timezone.now()
    week = (
        Occurrence.objects.in_territory(territory)
        .public()
        .filter(starts_at__gte=after, starts_at__lt=after + datetime.timedelta(days=7))
        .order_by("starts_at", "pk")[:50]
    )
    plan = _plan(week)
    assert "occurrence_by_time" in plan and "Sort" not in plan.replace("Incremental Sort", ""), plan
