"""Closing a date feeds the diagnosis: the people present and the first-timers count as a resource of
the theme "visits and company" in the meetup's commune; fewer than 5 are not shown exactly in public."""

import datetime
import re

import pytest
from django.utils import timezone

from entraide.diagnosis import sources, table
from entraide.meetups import services
from entraide.meetups.models import Occurrence

from ..directory.factories import CategoryFactory
from .factories import make_meetup

pytestmark = pytest.mark.django_db

PRESENT = r"(people present at meetups|personnes présentes aux rencontres)"
FIRST = r"(people at a meetup for the first time|personnes venues pour la première fois à une rencontre)"


def _closed(referent, present, first):
    meetup = make_meetup(referent, title="Café solidaire")
    occurrence = meetup.occurrences.get()
    moment = timezone.now() - datetime.timedelta(days=3)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=moment, ends_at=moment + datetime.timedelta(hours=2)
    )
    services.close(
        Occurrence.objects.get(pk=occurrence.pk), by=referent, present=present, first_timers=first, report=""
    )


def test_the_meetup_sources_are_registered():
    found = {s.key: s for s in sources.sources()}
    assert found["meetups_present"].side == sources.RESOURCE and found["meetups_present"].counts_people
    assert found["meetups_first_timers"].counts_people


def test_closing_a_date_feeds_the_diagnosis_and_small_numbers_stay_hidden(referent, territory, commune):
    theme = CategoryFactory(territory=territory, slug="visite", name="Visite et convivialité")
    _closed(referent, present=12, first=3)
    _closed(referent, present=4, first=None)  # closed without first-timers: counts what it has
    for axis in (table.BY_COMMUNE, table.BY_NEIGHBOURHOOD):
        built = {exact: table.build(table.collect(territory), axis, exact=exact) for exact in (False, True)}
        key = table.area_key(axis, commune.pk, None)
        public = built[False].cells[(theme.pk, key)].lines(sources.RESOURCE, exact=False)
        assert any(re.search(PRESENT + r"\s?: 16$", line) for line in public), public
        assert any(re.search(FIRST + r"\s?: (moins de 5|fewer than 5)$", line) for line in public), public
        exact = built[True].cells[(theme.pk, key)].lines(sources.RESOURCE, exact=True)
        assert any(re.search(FIRST + r"\s?: 3$", line) for line in exact), exact
