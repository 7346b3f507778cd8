"""The one-click feedback form sends people back to a page they can GET: on a page re-rendered after
a failed POST (e.g. a meetup's registration error), the current address answers POST only (405)."""

import uuid

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from entraide.evaluation import kinds

pytestmark = pytest.mark.django_db

SUBJECT = uuid.uuid4()
TAG = Template('{% load feedback %}{% feedback_form "test" subject %}')
TAG_WITH_NEXT = Template('{% load feedback %}{% feedback_form "test" subject next="/rencontres/cafe/" %}')


@pytest.fixture(autouse=True)
def test_kind(resident):
    kinds.register(
        kinds.Kind(
            "test",
            "un essai",
            can_give=lambda user, territory, subject: user.pk == resident.pk and subject == SUBJECT,
            url=lambda territory, subject: "/rencontres/cafe/?date=2026-11-24",
        )
    )
    yield
    kinds.REGISTRY.pop("test")


def _render(template, method, resident, territory):
    request = getattr(RequestFactory(), method)("/rencontres/cafe/inscription/?x=1")
    request.user, request.territory = resident, territory
    return template.render(Context({"request": request, "subject": SUBJECT}))


def test_a_get_page_comes_back_to_itself(resident, territory):
    html = _render(TAG, "get", resident, territory)
    assert 'name="next" value="/rencontres/cafe/inscription/?x=1"' in html


def test_a_page_rendered_after_a_failed_post_sends_back_to_the_subjects_page(resident, territory):
    html = _render(TAG, "post", resident, territory)
    assert "inscription" not in html
    assert 'name="next" value="/rencontres/cafe/?date=2026-11-24"' in html


def test_the_including_template_may_give_the_address(resident, territory):
    assert 'name="next" value="/rencontres/cafe/"' in _render(TAG_WITH_NEXT, "post", resident, territory)


def test_on_a_meetup_page_re_rendered_after_a_failed_registration_feedback_is_sent_without_405(
    client_for, resident, referent, commune
):
    import datetime

    from django.utils import timezone

    from entraide.meetups.enums import RegistrationStatus
    from entraide.meetups.models import Occurrence, Registration

    from ..meetups.factories import make_meetup

    start = timezone.now() + datetime.timedelta(days=3)
    meetup = make_meetup(referent, commune=commune, registration_required=True, capacity=10, start=start)
    occurrence = Occurrence.objects.get(meetup=meetup)
    Registration.objects.create(occurrence=occurrence, person=resident, status=RegistrationStatus.CONFIRMED)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client = client_for(resident)
    response = client.post(f"/rencontres/dates/{occurrence.public_id}/inscription/", {"guests": "0"})
    assert response.status_code in (200, 400), response.status_code
    page = response.content.decode()
    assert 'name="next"' in page, "the feedback form shows on the re-rendered page"
    following = page.split('name="next" value="', 1)[1].split('"', 1)[0]
    assert "inscription" not in following
    assert client.get(following.replace("&amp;", "&")).status_code == 200
