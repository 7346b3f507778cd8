"""Registering for a date: places, guests, the waiting list in order, approval, cancelling in one click,
and the referent registering a person without internet."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from entraide.meetups import services
from entraide.meetups.enums import RegistrationStatus
from entraide.meetups.models import Occurrence, Registration
from entraide.people.models import ProxyAction

from ..factories import UserFactory
from .factories import make_meetup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def workshop(referent):
    return make_meetup(
        referent, title="Atelier couture", registration_required=True, capacity=2, guests_allowed=1
    )


def _first(meetup) -> Occurrence:
    return Occurrence.objects.filter(meetup=meetup).order_by("starts_at").first()


def test_it_fills_places_then_the_waiting_list_and_promotes_in_order_with_an_email(workshop, commune):
    people = [UserFactory(commune=commune, display_name=f"Personne {i}") for i in range(4)]
    occurrence = _first(workshop)
    statuses = [services.register(occurrence, person).status for person in people]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    mail.outbox.clear()
    first = Registration.objects.get(person=people[0])
    promoted = services.cancel_registration(first)
    assert [r.person for r in promoted] == [people[2]]
    assert Registration.objects.get(person=people[3]).status == RegistrationStatus.WAITING
    assert Occurrence.objects.get(pk=occurrence.pk).taken == 2
    (email,) = mail.outbox
    assert email.to == [people[2].email]
    assert "Une place s’est libérée" in email.subject
    assert "/rencontres/desinscription/" in email.body


def test_guests_take_places_and_nobody_jumps_the_queue(workshop, commune):
    a, b, c = (UserFactory(commune=commune) for _ in range(3))
    occurrence = _first(workshop)
    services.register(occurrence, a)
    assert services.register(occurrence, b, guests=1).status == RegistrationStatus.WAITING
    # One place is free, but b (with a guest) waits first: c waits behind.
    assert services.register(occurrence, c).status == RegistrationStatus.WAITING
    services.cancel_registration(Registration.objects.get(person=a))
    assert Registration.objects.get(person=b).status == RegistrationStatus.CONFIRMED
    assert Occurrence.objects.get(pk=occurrence.pk).taken == 2


def test_it_refuses_twice_the_same_person_too_many_guests_and_a_past_date(workshop, resident):
    occurrence = _first(workshop)
    services.register(occurrence, resident)
    with pytest.raises(ValidationError, match="déjà inscrit"):
        services.register(occurrence, resident)
    with pytest.raises(ValidationError):
        services.register(occurrence, UserFactory(commune=resident.commune), guests=3)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    with pytest.raises(ValidationError, match="déjà commencé"):
        services.register(Occurrence.objects.get(pk=occurrence.pk), UserFactory(commune=resident.commune))
    assert Registration.objects.count() == 1


def test_the_email_link_cancels_in_one_click_without_login_and_a_bad_token_is_a_404(
    workshop, resident, anonymous
):
    registration = services.register(_first(workshop), resident)
    url = services.cancel_url(registration).replace("http://a.example.org", "")
    page = anonymous.get(url)
    assert page.status_code == 200 and "Oui, annuler mon inscription" in page.text
    assert (
        Registration.objects.get().status == RegistrationStatus.CONFIRMED
    )  # a GET (a mail scanner) changes nothing
    anonymous.post(url)
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
    for hostile in [url[:-3] + "abc/", "/rencontres/desinscription/pas-un-jeton/"]:
        assert anonymous.get(hostile).status_code == 404
    assert anonymous.get("/rencontres/desinscription/%00/").status_code in (400, 404)


def test_registration_through_the_page(client_for, workshop, resident):
    occurrence = _first(workshop)
    response = client_for(resident).post(
        f"/rencontres/dates/{occurrence.public_id}/inscription/", {"guests": 1}
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.person, registration.guests, registration.status) == (resident, 1, "confirmed")
    page = client_for(resident).get(occurrence.get_absolute_url())
    assert "Annuler mon inscription" in page.text


def test_approval_by_the_organisers(referent, commune, client_for):
    meetup = make_meetup(referent, registration_required=True, capacity=5, approval_required=True)
    person = UserFactory(commune=commune)
    registration = services.register(_first(meetup), person)
    assert registration.status == RegistrationStatus.PENDING
    response = client_for(referent).post(
        f"/rencontres/inscriptions/{registration.public_id}/decider/", {"decision": "accept"}
    )
    assert response.status_code == 302
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
    assert (
        client_for(person)
        .post(f"/rencontres/inscriptions/{registration.public_id}/decider/", {"decision": "refuse"})
        .status_code
        == 403
    )


def test_the_referent_registers_a_person_without_internet_and_it_is_logged(
    client_for, referent, commune, workshop
):
    assisted = UserFactory(commune=commune, assisted=True, display_name="Lucienne")
    occurrence = _first(workshop)
    response = client_for(referent).post(
        f"/rencontres/dates/{occurrence.public_id}/participants/", {"person": assisted.public_id, "guests": 0}
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.person, registration.entered_by) == (assisted, referent)
    assert ProxyAction.objects.filter(person=assisted, referent=referent).exists()


def test_a_resident_cannot_register_someone_else(client_for, resident, commune, workshop):
    assisted = UserFactory(commune=commune, assisted=True)
    occurrence = _first(workshop)
    response = client_for(resident).post(
        f"/rencontres/dates/{occurrence.public_id}/participants/", {"person": assisted.public_id}
    )
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_reminders_go_once_even_when_the_command_runs_twice(referent, commune):
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    start = tomorrow.replace(hour=10, minute=0, second=0, microsecond=0)
    meetup = make_meetup(referent, start=start, registration_required=True, capacity=10)
    services.register(_first(meetup), UserFactory(commune=commune))
    mail.outbox.clear()
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    assert len(mail.outbox) == 1
    assert "Demain" in mail.outbox[0].subject
    morning = start.replace(hour=7)
    assert services.send_reminders(now=morning) == 1
    assert services.send_reminders(now=morning) == 0


def test_a_new_repetition_that_drops_a_date_tells_the_people_registered_for_it(referent, commune):
    from entraide.core.calendars import expand
    from entraide.meetups import recurrence

    meetup = make_meetup(referent, rrule="FREQ=WEEKLY;BYDAY=TU", registration_required=True, capacity=10)
    monthly = recurrence.build("monthly", meetup.starts_at)
    kept = set(
        expand(
            meetup.starts_at,
            monthly,
            after=meetup.starts_at,
            before=meetup.starts_at + datetime.timedelta(days=60),
        )
    )
    dropped = next(
        o for o in Occurrence.objects.filter(meetup=meetup).order_by("starts_at") if o.starts_at not in kept
    )
    person = UserFactory(commune=commune)
    services.register(dropped, person)
    mail.outbox.clear()
    meetup.rrule = monthly
    services.update(meetup)
    assert Occurrence.objects.get(pk=dropped.pk).cancelled
    (email,) = mail.outbox
    assert email.to == [person.email] and "Annulé" in email.subject
    assert Registration.objects.get(person=person).status == RegistrationStatus.CONFIRMED
