"""Bad input in the lending forms stays on its form, tied to its field (RGAA 11.10): a refusal without
its reason, a hand-over note too long, a waiting list for a slot that has passed. The same page comes
back, bound, answered 400, the field marked invalid and described by its error, the summary focused
and the title starting "Erreur :", never a redirect with a page-top message."""

import datetime
import re

import pytest

from entraide.lending.enums import BookingStatus, ItemKind
from entraide.lending.models import Booking, WaitingEntry

from ..helpers import assert_errors_focused
from .factories import ItemFactory, at, make_booking

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def hall(commune):
    return ItemFactory(
        commune=commune,
        kind=ItemKind.ROOM,
        name="Salle des fêtes",
        slug="salle-des-fetes",
        opens_at=datetime.time(8),
        closes_at=datetime.time(23),
        buffer_minutes=60,
    )


def assert_on_the_page(response) -> str:
    assert response.status_code == 400, response.status_code
    page = response.content.decode()
    assert_errors_focused(page)
    assert "message-error" not in page  # no page-top message instead
    return page


def assert_on_its_field(page: str, field_id: str):
    assert f'<a href="#{field_id}">' in page
    assert f'id="{field_id}_error"' in page and 'aria-invalid="true"' in page
    assert f'aria-describedby="{field_id}_error"' in page or f'{field_id}_helptext {field_id}_error"' in page
    assert page.count(f'id="{field_id}"') == 1


def test_a_refusal_without_its_reason_stays_on_the_refusal_form(client_for, hall, resident, referent):
    booking = make_booking(hall, resident, at(5, 14), at(5, 18), status=BookingStatus.REQUESTED)
    response = client_for(referent).post(f"/pret/reservations/{booking.public_id}/refuser/", {"reason": " "})
    page = assert_on_the_page(response)
    assert_on_its_field(page, "refuse-reason")
    assert "la personne le lira" in page
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_a_refusal_with_its_reason_still_refuses(client_for, hall, resident, referent):
    booking = make_booking(hall, resident, at(5, 14), at(5, 18), status=BookingStatus.REQUESTED)
    response = client_for(referent).post(
        f"/pret/reservations/{booking.public_id}/refuser/", {"reason": "Salle en travaux"}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REFUSED and booking.refusal_reason == "Salle en travaux"


def test_a_hand_over_note_too_long_stays_on_the_hand_over_form(client_for, hall, resident, referent):
    booking = make_booking(hall, resident, at(0, 0), at(0, 23, 59), status=BookingStatus.APPROVED)
    response = client_for(referent).post(
        f"/pret/reservations/{booking.public_id}/remettre/", {"note": "x" * 301}
    )
    page = assert_on_the_page(response)
    assert_on_its_field(page, "check-note")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.APPROVED


def test_the_waiting_list_offered_after_a_refusal_works_and_a_passed_slot_stays_on_its_form(
    client_for, hall, resident, neighbour
):
    make_booking(hall, resident, at(5, 14), at(5, 18))
    day = at(5).date().isoformat()
    page = (
        client_for(neighbour)
        .post("/pret/salle-des-fetes/", {"date": day, "start_time": "15:00", "end_time": "17:00"})
        .content.decode()
    )
    form = page[page.index('action="/pret/salle-des-fetes/liste-d-attente/"') :]
    slot = dict(re.findall(r'<input type="hidden" name="(start|end)" value="([^"]*)"', form)[:2])
    assert set(slot) == {"start", "end"}
    response = client_for(neighbour).post("/pret/salle-des-fetes/liste-d-attente/", slot)
    assert response.status_code == 302
    entry = WaitingEntry.objects.get()
    assert (entry.starts_at, entry.ends_at) == (at(5, 15), at(5, 17))

    passed = {"start": at(-1, 15).isoformat(), "end": at(-1, 17).isoformat()}
    response = client_for(neighbour).post("/pret/salle-des-fetes/liste-d-attente/", passed)
    page = assert_on_the_page(response)
    assert "liste-d-attente" in page and "Choisissez" in page
    assert WaitingEntry.objects.count() == 1
    assert Booking.objects.filter(borrower=neighbour).count() == 1


def test_a_garbled_waiting_list_request_is_refused(client_for, hall, neighbour):
    response = client_for(neighbour).post("/pret/salle-des-fetes/liste-d-attente/", {"start": "x"})
    assert response.status_code == 400
    assert not WaitingEntry.objects.exists()
