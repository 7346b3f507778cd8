"""Meetups in Chromium on a phone (390 px), the issue's "Done means": a resident finds the week's
café, registers, gets the reminder, adds the territory's calendar from the list's link (read by
icalendar and vobject) and cancels; the first person on the waiting list gets the place and an
email; the referent registers a person without internet and prints the month's programme (its QR
codes decode to the meetups' pages); the organiser closes a date and the people present appear in
the diagnosis. JavaScript is disabled for the referent and the organiser.

Fields and buttons are found by their `name` or their form's address, never by their wording.
"""

import datetime

import pytest
import vobject
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from entraide.meetups import services
from entraide.meetups.enums import RegistrationStatus
from entraide.meetups.models import Occurrence, Registration
from entraide.people.models import User
from tests.browser.journey import log_in, submit
from tests.meetups.factories import make_meetup
from tests.pdfs import qr_codes

PASSWORD = "entraide-demo"
PHONE = {"width": 390, "height": 844}
RESIDENT = "habitant3@demo.entraide.invalid"  # Sophie L.
WAITING = "habitant7@demo.entraide.invalid"  # Odette F.
REFERENT = "referent.81070@demo.entraide.invalid"
CAFE = "Café solidaire du bourg"


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

    # The daily job reminds her (the day before or the morning of), once.
    mail.outbox.clear()
    call_command("meetups", "remind")
    call_command("meetups", "remind")
    reminders = [m for m in mail.outbox if m.to == [RESIDENT]]
    assert len(reminders) == 1 and CAFE in reminders[0].body

    # The territory's calendar, from the list's link, imports into two independent parsers.
    visit("/rencontres/", on=page)
    feed = page.locator("main a[href$='/rencontres/calendrier.ics']").first.get_attribute("href")
    body = page.request.get(feed).body()
    assert CAFE in [str(event["SUMMARY"]) for event in Calendar.from_ical(body).walk("VEVENT")]
    assert vobject.readOne(body.decode()).vevent.summary.value == CAFE
    visit(cafe.get_absolute_url(), on=page)

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


def test_the_referent_prints_the_programme_and_the_organiser_closes_a_date_for_the_diagnosis(
    new_context, visit, assert_accessible, cafe, demo_territory
):
    from entraide.categories import demo as categories_demo

    categories_demo.load(demo_territory)  # the theme "Visite et convivialité" the meetups feed
    page = new_context(javascript=False, viewport=PHONE).new_page()
    log_in(page, visit, REFERENT)

    # The month's programme, from the list's link: its QR codes lead to the meetups' pages.
    visit("/rencontres/", on=page)
    programme = page.locator("main a[href$='/rencontres/programme.pdf']").first.get_attribute("href")
    response = page.request.get(programme)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    month = timezone.localtime(cafe.starts_at)
    if (month.year, month.month) == (timezone.localdate().year, timezone.localdate().month):
        assert any(code.endswith(cafe.meetup.get_absolute_url()) for code in qr_codes(response.body()))

    # The café took place (moved to yesterday): the organiser closes it with the people present.
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Occurrence.objects.filter(pk=cafe.pk).update(
        starts_at=yesterday, ends_at=yesterday + datetime.timedelta(hours=2)
    )
    visit(f"/rencontres/dates/{cafe.public_id}/participants/", on=page)
    page.locator(f'main a[href="/rencontres/dates/{cafe.public_id}/cloturer/"]').click()
    page.wait_for_url("**/cloturer/")
    assert_accessible(page)
    page.locator("main input[name=present]").fill("23")
    page.locator("main input[name=first_timers]").fill("7")
    submit(page, "form:has(input[name=present])")
    assert_accessible(page)
    closed = Occurrence.objects.get(pk=cafe.pk)
    assert (closed.present_count, closed.first_timers) == (23, 7) and closed.closed_at

    # The diagnosis counts them in the café's commune.
    visit("/diagnostic/?par=commune", on=page)
    assert_accessible(page)
    text = page.locator("main").inner_text()
    assert "personnes présentes aux rencontres" in text and "23" in text
