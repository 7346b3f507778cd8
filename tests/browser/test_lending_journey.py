"""Lending in Chromium, the issue's "Done means": an association asks for the salle des fêtes on a
phone, the referent approves it (without JavaScript), a second request for an overlapping time is
refused with the next free slot proposed and taken in one click; the hall's calendar imports into
two parsers; a loan past its date turns overdue and the reminders go out once; a resident lends a
drill to a neighbour without either address appearing until both agree.

Fields and buttons are found by their `name` or their form's address, never by their wording.
"""

import datetime

import pytest
import vobject
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from entraide.lending.enums import BookingStatus
from entraide.lending.models import Booking, Item
from entraide.people.models import User
from tests.browser.journey import log_in, submit

PASSWORD = "entraide-demo"
PHONE = {"width": 390, "height": 844}
ASSOCIATION = "habitant4@demo.entraide.invalid"  # Thomas G., holder of the Repair Café des Coteaux
RESIDENT = "habitant3@demo.entraide.invalid"  # Sophie L.
DRILL_OWNER = "habitant2@demo.entraide.invalid"  # Karim B.
REFERENT = "referent.81070@demo.entraide.invalid"
HALL = "/pret/salle-des-fetes-de-coufouleux/"


@pytest.fixture
def lending(demo_territory):
    from entraide.categories import demo as categories_demo
    from entraide.directory import demo as directory_demo
    from entraide.lending import demo as lending_demo

    categories_demo.load(demo_territory)
    directory_demo.load(demo_territory)
    lending_demo.load(demo_territory)
    return demo_territory


def ask(page, day: datetime.date, start: str, end: str) -> None:
    form = "form:has(input[type=time][name=start_time])"
    page.locator(f"main {form} input[name=date]").fill(day.isoformat())
    page.locator(f"main {form} input[name=start_time]").fill(start)
    page.locator(f"main {form} input[name=end_time]").fill(end)
    submit(page, form)


def test_an_association_books_the_hall_and_an_overlapping_request_gets_the_next_slot(
    new_context, visit, assert_accessible, lending
):
    day = timezone.localdate() + datetime.timedelta(days=5)
    phone = new_context(viewport=PHONE).new_page()
    log_in(phone, visit, ASSOCIATION)
    visit("/pret/", on=phone)
    phone.locator(f"main a[href='{HALL}']").click()
    phone.wait_for_url(f"**{HALL}")
    assert_accessible(phone)
    phone.locator("main select[name=initiative]").select_option(index=1)
    ask(phone, day, "14:00", "18:00")
    assert_accessible(phone)
    booking = Booking.objects.get(
        borrower__email=ASSOCIATION, item__slug__startswith="salle-des-fetes", status=BookingStatus.REQUESTED
    )
    assert booking.status == BookingStatus.REQUESTED and booking.initiative is not None

    # The referent, without JavaScript, approves it from the desk.
    desk = new_context(javascript=False, viewport=PHONE).new_page()
    log_in(desk, visit, REFERENT)
    visit("/accueil/pret/", on=desk)
    desk.locator(f"main a[href='{booking.get_absolute_url()}']").first.click()
    desk.wait_for_url(f"**{booking.get_absolute_url()}")
    assert_accessible(desk)
    submit(desk, f"form[action='{booking.get_absolute_url()}approuver/']")
    assert_accessible(desk)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.APPROVED

    # Someone else asks for an overlapping time: refused, the next free slot (after the two hours
    # of buffer) proposed and asked for in one click.
    other = new_context(viewport=PHONE).new_page()
    log_in(other, visit, RESIDENT)
    visit(HALL, on=other)
    ask(other, day, "15:00", "17:00")
    assert_accessible(other)
    text = other.locator("main").inner_text()
    assert "déjà prêté" in text and "20:00" in text and "22:00" in text
    submit(other, "form:has(input[type=hidden][name=start_time])")
    assert_accessible(other)
    second = Booking.objects.filter(borrower__email=RESIDENT, status=BookingStatus.REQUESTED).get(
        item__slug__startswith="salle-des-fetes"
    )
    assert timezone.localtime(second.starts_at).hour == 20

    # The hall's calendar imports into two independent parsers, busy times without names.
    visit(HALL, on=other)
    feed = other.locator(f"main a[href='{HALL}calendrier.ics']").get_attribute("href")
    body = other.request.get(feed).body()
    events = Calendar.from_ical(body).walk("VEVENT")
    assert len(events) >= 2 and "Thomas" not in body.decode()
    assert vobject.readOne(body.decode()).vevent.dtstart.value


def test_a_late_loan_turns_overdue_and_reminders_go_out_once(lending):
    thomas = User.objects.get(email=ASSOCIATION)
    item = Item.objects.get(slug="sono-portable")
    now = timezone.now()
    late = Booking.objects.create(
        territory=item.territory,
        item=item,
        borrower=thomas,
        starts_at=now - datetime.timedelta(days=4),
        ends_at=now - datetime.timedelta(days=1),
        blocked_until=now - datetime.timedelta(days=1) + item.buffer,
        status=BookingStatus.CHECKED_OUT,
        checked_out_at=now - datetime.timedelta(days=4),
    )
    mail.outbox.clear()
    call_command("lending", "mark-overdue")
    call_command("lending", "mark-overdue")
    late.refresh_from_db()
    assert late.status == BookingStatus.OVERDUE
    assert [m.to for m in mail.outbox].count([ASSOCIATION]) == 1


def test_a_resident_lends_a_drill_to_a_neighbour_without_either_address(
    new_context, visit, assert_accessible, lending
):
    sophie, karim = User.objects.get(email=RESIDENT), User.objects.get(email=DRILL_OWNER)
    secrets = [sophie.email, karim.email, *(p for p in (sophie.phone, karim.phone) if p)]
    borrower = new_context(viewport=PHONE).new_page()
    log_in(borrower, visit, RESIDENT)
    visit("/pret/?kind=object", on=borrower)
    borrower.locator("main a[href='/pret/perceuse/']").click()
    borrower.wait_for_url("**/pret/perceuse/")
    assert_accessible(borrower)
    assert not any(s in borrower.content() for s in secrets)
    ask(borrower, timezone.localdate() + datetime.timedelta(days=8), "10:00", "18:00")
    assert_accessible(borrower)
    booking = Booking.objects.get(
        borrower=sophie,
        item__slug="perceuse",
        status=BookingStatus.REQUESTED,
        starts_at__date__gte=timezone.localdate() + datetime.timedelta(days=7),
    )
    owner = new_context(javascript=False, viewport=PHONE).new_page()
    log_in(owner, visit, DRILL_OWNER)
    visit(booking.get_absolute_url(), on=owner)
    assert not any(s in owner.content() for s in secrets)
    submit(owner, f"form[action='{booking.get_absolute_url()}approuver/']")
    submit(owner, f"form[action='{booking.get_absolute_url()}partager-contact/']")
    assert sophie.email not in owner.content()  # she has not agreed yet
    visit(booking.get_absolute_url(), on=borrower)
    submit(borrower, f"form[action='{booking.get_absolute_url()}partager-contact/']")
    assert karim.email in borrower.content()
    visit(booking.get_absolute_url(), on=owner)
    assert sophie.email in owner.content()
