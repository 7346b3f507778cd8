"""Who may do what with meetups: role × state, like the board's and the time bank's matrices.

The resident organises the meetup (in the commune of the referent); the other referent looks after
Loupiac; the trusted organiser publishes their own meetups directly but manages nobody else's.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from entraide.meetups import rules
from entraide.meetups.enums import MeetupStatus
from entraide.meetups.models import Occurrence, TrustedOrganiser

from ..factories import CommuneFactory, RoleFactory, UserFactory
from .factories import make_meetup

pytestmark = pytest.mark.django_db

PROPOSED, PUBLISHED, CANCELLED = MeetupStatus.PROPOSED, MeetupStatus.PUBLISHED, MeetupStatus.CANCELLED


@pytest.fixture
def loupiac(territory):
    return CommuneFactory(territory=territory, name="Loupiac", insee_code="81149")


@pytest.fixture
def other_referent(loupiac):
    user = UserFactory(commune=loupiac, display_name="Nora Référente")
    RoleFactory(user=user, kind="referent", commune=loupiac)
    return user


@pytest.fixture
def trusted(territory, commune):
    user = UserFactory(commune=commune, display_name="Julien E.")
    TrustedOrganiser.objects.create(territory=territory, person=user)
    return user


@pytest.fixture
def assisted(commune):
    return UserFactory(commune=commune, assisted=True, display_name="Germaine V.")


@pytest.fixture
def anonymous_user(db):
    return AnonymousUser()


@pytest.fixture
def meetup(resident):
    """Organised by the resident; registration required. Its status is set by each case."""
    return make_meetup(resident, title="Atelier couture", registration_required=True, capacity=8)


# (persona, status, see, manage, publish, register, register someone)
MATRIX = [
    ("resident", PROPOSED, True, True, False, False, False),  # the organiser, before publication
    ("resident", PUBLISHED, True, True, False, True, False),
    ("resident", CANCELLED, True, False, False, False, False),  # a cancelled meetup is frozen
    ("neighbour", PROPOSED, False, False, False, False, False),  # not public yet
    ("neighbour", PUBLISHED, True, False, False, True, False),
    ("neighbour", CANCELLED, False, False, False, False, False),
    ("referent", PROPOSED, True, True, True, False, False),  # the commune's referent publishes
    ("referent", PUBLISHED, True, True, False, True, True),
    ("referent", CANCELLED, True, False, False, False, False),
    ("other_referent", PROPOSED, False, False, False, False, False),  # another commune's
    ("other_referent", PUBLISHED, True, False, False, True, True),  # the view then checks can_act_for
    ("other_referent", CANCELLED, False, False, False, False, False),
    ("administrator", PROPOSED, True, True, True, False, False),
    ("administrator", PUBLISHED, True, True, False, True, True),
    ("administrator", CANCELLED, True, False, False, False, False),
    ("coordinator", PROPOSED, False, False, False, False, False),  # reads figures, runs no meetup
    ("coordinator", PUBLISHED, True, False, False, True, False),
    ("trusted", PROPOSED, False, False, False, False, False),  # trusted for their own meetups only
    ("trusted", PUBLISHED, True, False, False, True, False),
    ("assisted", PUBLISHED, True, False, False, False, False),  # registered by a referent instead
    ("outsider", PROPOSED, False, False, False, False, False),
    ("outsider", PUBLISHED, True, False, False, False, False),  # public, but not their territory
    ("anonymous_user", PROPOSED, False, False, False, False, False),
    ("anonymous_user", PUBLISHED, True, False, False, False, False),
    ("anonymous_user", CANCELLED, False, False, False, False, False),
]


@pytest.mark.parametrize(("persona", "status", "see", "manage", "publish", "register", "someone"), MATRIX)
def test_meetup_rules_matrix(
    request, territory, meetup, persona, status, see, manage, publish, register, someone
):
    user = request.getfixturevalue(persona)
    meetup.status = status
    assert rules.can_see(user, territory, meetup) is see
    assert rules.can_manage(user, territory, meetup) is manage
    assert rules.can_publish(user, territory, meetup) is publish
    assert rules.can_register(user, territory, meetup) is register
    assert rules.can_register_for_someone(user, territory, meetup) is someone


@pytest.mark.parametrize("persona", ["resident", "neighbour", "referent", "administrator"])
def test_nobody_registers_for_a_meetup_that_needs_no_registration(request, territory, meetup, persona):
    user = request.getfixturevalue(persona)
    meetup.status, meetup.registration_required = PUBLISHED, False
    assert not rules.can_register(user, territory, meetup)
    assert not rules.can_register_for_someone(user, territory, meetup)


# (persona, propose, publish directly in Coufouleux, in Loupiac, trust others)
ANNOUNCING = [
    ("resident", True, False, False, False),
    ("trusted", True, True, True, False),
    ("referent", True, True, False, True),
    ("other_referent", True, False, True, True),
    ("administrator", True, True, True, True),
    ("coordinator", True, False, False, False),
    ("assisted", False, False, False, False),  # an assisted person has no login
    ("outsider", False, False, False, False),
    ("anonymous_user", False, False, False, False),
]


@pytest.mark.parametrize(("persona", "propose", "here", "loupiac_too", "trust"), ANNOUNCING)
def test_announcing_rules_matrix(
    request, territory, commune, loupiac, persona, propose, here, loupiac_too, trust
):
    user = request.getfixturevalue(persona)
    assert rules.can_propose(user, territory) is propose
    if persona not in ("outsider", "anonymous_user", "assisted"):
        assert rules.may_publish_directly(user, territory, commune.pk) is here
        assert rules.may_publish_directly(user, territory, loupiac.pk) is loupiac_too
    assert rules.can_trust(user, territory) is trust


# The pages follow the rules: 404 for what one may not see, 403 for what one may not do.
@pytest.mark.parametrize(
    ("persona", "status", "edit", "attendees"),
    [
        ("resident", PROPOSED, 200, 200),
        ("resident", PUBLISHED, 200, 200),
        ("neighbour", PROPOSED, 404, 404),
        ("neighbour", PUBLISHED, 403, 403),
        ("referent", PUBLISHED, 200, 200),
        ("other_referent", PUBLISHED, 403, 200),  # registers a person without internet
        ("other_referent", PROPOSED, 404, 404),
        ("outsider", PUBLISHED, 404, 404),  # another territory: nothing of ours exists
    ],
)
def test_pages_follow_the_matrix(client_for, request, meetup, persona, status, edit, attendees):
    user = request.getfixturevalue(persona)
    type(meetup).objects.filter(pk=meetup.pk).update(status=status)
    occurrence = Occurrence.objects.filter(meetup=meetup).first()
    client = client_for(user)
    assert client.get(f"/rencontres/{meetup.slug}/modifier/").status_code == edit
    assert client.get(f"/rencontres/dates/{occurrence.public_id}/participants/").status_code == attendees


def test_the_desk_navigation_leads_to_the_meetups_desk(client_for, referent):
    page = client_for(referent).get("/accueil/rencontres/")
    assert page.status_code == 200
    assert 'href="/accueil/rencontres/"' in client_for(referent).get("/accueil/").text
