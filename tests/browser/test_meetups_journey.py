"""Meetups in Chromium on a phone (390 px): a resident finds the week's café, registers and cancels;
the first person on the waiting list gets the place and an email; the referent registers a person
without internet, in a context where JavaScript is disabled.

Fields and buttons are found by their `name` or their form's address, never by their wording.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from entraide.meetups import services
from entraide.meetups.enums import RegistrationStatus
from entraide.meetups.models import Occurrence, Registration
from entraide.people.models import User
from tests.meetups.factories import make_meetup

PASSWORD = "entraide-demo"
PHONE = {"width": 390, "height": 844}
RESIDENT = "habitant3@demo.entraide.invalid"  # Sophie L.
WAITING = "habitant7@demo.entraide.invalid"  # Odette F.
REFERENT = "referent.81070@demo.entraide.invalid"
CAFE = "Café solidaire du bourg"


def submit(page, form_selector: str) -> None:
    form = page.locator(f"main {form_selector}")
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def log_in(page, visit, email: str) -> None:
    visit("/compte/connexion/", on=page)
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill(PASSWORD)
    submit(page, "form:has(input[name=password])")


@pytest.fixture
def cafe(demo_territory) -> Occurrence:
    """This week's café if the week has a day left, else next week's; three places, two taken."""
    start = timezone.localtime() + datetime.timedelta(hours=3)
    start = start.replace(minute=0, second=0, microsecond=0)
    if start.date() != timezone.localdate():  # late in the evening: tomorrow morning
        start = start.replace(hour=10)
    referent = User.objects.get(email=REFERENT)
    meetup = make_meetup(
        referent,
        title=CAFE,
        start=start,
        registration_required=True,
        capacity=3,
        address="Place de la Mairie",
    )
    occurrence = meetup.occurrences.get()
    for email in ("habitant1@demo.entraide.invalid", "habitant2@demo.entraide.invalid"):
        services.register(occurrence, User.objects.get(email=email))
    return occurrence


def test_a_resident_registers_cancels_and_the_waiting_list_moves_up(
    new_context, visit, assert_accessible, cafe
):
    page = new_context(viewport=PHONE).new_page()
    log_in(page, visit, RESIDENT)

    # This week's meetups: the café is there (or next week's, on a Sunday evening).
    visit("/rencontres/", on=page)
    if page.locator(f"main a:text-is('{CAFE}')").count() == 0:
        page.locator("main nav.pager a[href*='semaine=']").last.click()
        page.wait_for_load_state()
        assert_accessible(page)
    page.locator(f"main a:text-is('{CAFE}')").click()
    page.wait_for_url(f"**{cafe.meetup.get_absolute_url()}**")
    assert_accessible(page)

    # One place left: she takes it; the café is now full.
    submit(page, f'form[action="/rencontres/dates/{cafe.public_id}/inscription/"]')
    assert_accessible(page)
    mine = Registration.objects.get(person__email=RESIDENT)
    assert mine.status == RegistrationStatus.CONFIRMED
    assert page.locator("main [role=status]").count() == 1

    # Someone else comes later: the waiting list.
    odette = User.objects.get(email=WAITING)
    assert services.register(cafe, odette).status == RegistrationStatus.WAITING

    # She cannot come after all: one click frees her place, Odette has it and is told.
    mail.outbox.clear()
    submit(page, f'form[action="/rencontres/inscriptions/{mine.public_id}/annuler/"]')
    assert_accessible(page)
    assert Registration.objects.get(pk=mine.pk).status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(person=odette).status == RegistrationStatus.CONFIRMED
    (email,) = mail.outbox  # the test settings' email backend; on a server, the queue
    assert email.to == [odette.email]
    assert "place s’est libérée" in email.subject and CAFE in email.body

    # Her meetups no longer list it; her private calendar's address is there.
    visit("/rencontres/mes-rencontres/", on=page)
    assert CAFE not in page.locator("main").inner_text()


def test_the_referent_registers_a_person_without_internet_without_javascript(
    new_context, visit, assert_accessible, cafe
):
    page = new_context(javascript=False, viewport=PHONE).new_page()
    log_in(page, visit, REFERENT)
    visit(cafe.get_absolute_url(), on=page)
    page.locator(f'main a[href="/rencontres/dates/{cafe.public_id}/participants/"]').click()
    page.wait_for_url("**/participants/")
    assert_accessible(page)
    germaine = User.objects.get(is_assisted=True, display_name="Germaine V.")
    page.locator("main select[name=person]").select_option(str(germaine.public_id))
    submit(page, "form:has(select[name=person])")
    assert_accessible(page)
    registration = Registration.objects.get(person=germaine)
    assert registration.entered_by.email == REFERENT
    assert registration.status == RegistrationStatus.CONFIRMED
    assert "Germaine V." in page.locator("main table").inner_text()
    # The attendees, on paper in large type.
    response = page.request.get(f"/rencontres/dates/{cafe.public_id}/emargement.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
