"""The board feeds the shared diagnosis: open offers as resources, unanswered requests as needs."""

import datetime

import pytest
from django.utils import timezone

from entraide.board.diagnosis import open_offers, unanswered_requests
from entraide.board.enums import PostStatus
from entraide.diagnosis.sources import registry

from .factories import PostFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(days=10)


def test_the_board_is_registered_as_a_source_of_the_diagnosis():
    REGISTRY = registry()
    assert REGISTRY["board_offers"].side == "resource"
    assert REGISTRY["board_unanswered"].side == "need"
    assert REGISTRY["board_unanswered"].counts_people


def test_open_offers_count_as_resources_of_their_category_and_place(resident, territory):
    offer = PostFactory(author=resident, offer=True)
    PostFactory(author=resident, offer=True, category=offer.category, status=PostStatus.DONE)
    (tally,) = open_offers(territory)
    assert (tally.category_id, tally.commune_id, tally.neighbourhood_id, tally.count) == (
        offer.category_id,
        resident.commune_id,
        resident.neighbourhood_id,
        1,
    )


def test_requests_without_a_reply_count_as_uncovered_needs(resident, territory):
    old = timezone.now() - LONG_AGO
    unanswered = PostFactory(author=resident, created_at=old)
    PostFactory(author=resident, category=unanswered.category, created_at=old, status=PostStatus.EXPIRED)
    PostFactory(author=resident, category=unanswered.category, created_at=old, first_reply_at=old)
    PostFactory(author=resident, category=unanswered.category)  # too recent to say
    (tally,) = unanswered_requests(territory)
    assert (tally.count, tally.uncovered, tally.people) == (2, 2, 2)


def test_the_board_sources_see_only_their_territory(resident, outsider, territory):
    PostFactory(author=outsider, offer=True)
    PostFactory(author=outsider, created_at=timezone.now() - LONG_AGO)
    assert open_offers(territory) == []
    assert unanswered_requests(territory) == []
