"""The catalogue, an item's page with its request form, the feeds, the booking page and the desk."""

import datetime

import pytest
from django.utils.html import escape
from icalendar import Calendar

from entraide.lending import hours, services
from entraide.lending.enums import BookingStatus, ItemKind, OwnerKind
from entraide.lending.models import Booking, Item, WaitingEntry

from .factories import ItemFactory, at, make_booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(commune):
    return ItemFactory(
        commune=commune,
        kind=ItemKind.ROOM,
        name="Salle des fêtes",
        slug="salle-des-fetes",
        address="Place de la Mairie",
        opens_at=datetime.time(8),
        closes_at=datetime.time(23),
        buffer_minutes=60,
        capacity=200,
    )


@pytest.fixture
def drill(resident):
    return ItemFactory(
        commune=resident.commune,
        neighbourhood=resident.neighbourhood,
        kind=ItemKind.OBJECT,
        name="Perceuse",
        slug="perceuse",
        owner_kind=OwnerKind.RESIDENT,
        owner_person=resident,
    )


def test_the_catalogue_shows_rooms_to_all_and_residents_objects_to_members_only(
    anonymous, client_for, hall, drill, neighbour
):
    page = anonymous.get("/pret/").content.decode()
    assert "Salle des fêtes" in page and "Place de la Mairie" in page
    assert "Perceuse" not in page
    assert anonymous.get("/pret/perceuse/").status_code == 404
    page = client_for(neighbour).get("/pret/").content.decode()
    assert "Perceuse" in page and "La Gare" in page


def test_the_catalogue_filters_by_kind_and_commune(client_for, neighbour, hall, drill):
    page = client_for(neighbour).get("/pret/", {"kind": "object"}).content.decode()
    assert "Perceuse" in page and "Salle des fêtes" not in page
    page = client_for(neighbour).get("/pret/", {"commune": hall.commune_id, "kind": "room"}).content.decode()
    assert "Salle des fêtes" in page


def test_the_item_page_shows_busy_times_without_names(anonymous, hall, resident):
    make_booking(hall, resident, at(3, 14), at(3, 18))
    page = anonymous.get("/pret/salle-des-fetes/").content.decode()
    assert "14:00" in page and resident.display_name not in page
    assert "Place de la Mairie" in page


def test_a_member_asks_then_a_second_overlapping_request_gets_the_next_free_slot(
    client_for, hall, resident, neighbour, referent
):
    day = (at(5)).date().isoformat()
    response = client_for(resident).post(
        "/pret/salle-des-fetes/", {"date": day, "start_time": "14:00", "end_time": "18:00", "purpose": "Loto"}
    )
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url == booking.get_absolute_url()
    client_for(referent).post(f"/pret/reservations/{booking.public_id}/approuver/")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.APPROVED
    response = client_for(neighbour).post(
        "/pret/salle-des-fetes/", {"date": day, "start_time": "15:00", "end_time": "17:00"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "19:00" in page and "21:00" in page  # the next free slot: after the loan and its buffer
    assert "/pret/salle-des-fetes/liste-d-attente/" in page  # the waiting list is offered
    assert Booking.objects.filter(status=BookingStatus.REFUSED, unavailable=True).count() == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"start_time": "18:00", "end_time": "14:00"}, "retour"),
        ({"start_time": "06:00", "end_time": "09:00"}, None),  # the day's hours, said
        ({"start_time": "", "end_time": "14:00"}, "obligatoire"),
        ({"date": "2020-01-01", "start_time": "10:00", "end_time": "14:00"}, "date"),
    ],
)
def test_bad_input_gets_a_french_message_and_saves_nothing(client_for, hall, resident, data, expected):
    data = {"date": at(5).date().isoformat(), **data}
    expected = expected or escape(hours.opening_errors(hall, at(5, 6), at(5, 9))[0])
    response = client_for(resident).post("/pret/salle-des-fetes/", data)
    page = response.content.decode()
    assert response.status_code == 400 and "Erreur" in page and expected in page
    assert not Booking.objects.exists()


def test_the_item_feed_is_valid_and_shows_busy_times_only(anonymous, hall, resident):
    make_booking(hall, resident, at(3, 14), at(3, 18))
    response = anonymous.get("/pret/salle-des-fetes/calendrier.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1 and resident.display_name not in response.content.decode()
    assert events[0].decoded("dtstart") == at(3, 14)


def test_the_private_feed_lists_my_loans_and_a_new_address_revokes_it(client_for, hall, resident, anonymous):
    make_booking(hall, resident, at(3, 14), at(3, 18))
    page = client_for(resident).get("/pret/mes-prets/").content.decode()
    url = page.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    path = url.split("a.example.org")[1]
    response = anonymous.get(path)
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1
    client_for(resident).post("/pret/mes-prets/nouvelle-adresse/")
    assert anonymous.get(path).status_code == 404


def test_the_desk_lists_requests_and_books_for_someone(client_for, hall, referent, resident):
    services.request_booking(hall, resident, at(5, 14), at(5, 18))
    page = client_for(referent).get("/accueil/pret/").content.decode()
    assert "Salle des fêtes" in page and resident.display_name in page
    response = client_for(referent).post(
        "/accueil/pret/salle-des-fetes/reserver/",
        {
            "person": resident.public_id,
            "date": at(6).date().isoformat(),
            "start_time": "10:00",
            "end_time": "12:00",
        },
    )
    assert response.status_code == 302
    assert Booking.objects.filter(status=BookingStatus.APPROVED, entered_by=referent).count() == 1


def test_the_desk_is_for_referents(client_for, resident):
    assert client_for(resident).get("/accueil/pret/").status_code == 403


def test_check_out_needs_the_checklist_and_check_in_notes_the_condition(client_for, hall, referent, resident):
    hall.checklist = "Clés\nBadge alarme"
    hall.save()
    booking = make_booking(hall, resident, at(0, 0, 1), at(0, 23, 0))
    client = client_for(referent)
    client.post(f"/pret/reservations/{booking.public_id}/remettre/", {"checks": ["Clés"]})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.APPROVED
    client.post(f"/pret/reservations/{booking.public_id}/remettre/", {"checks": ["Clés", "Badge alarme"]})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_OUT
    client.post(f"/pret/reservations/{booking.public_id}/retour/", {"checks": ["Clés"], "note": "Propre"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.RETURNED
    assert "Propre" in booking.return_note and "Badge alarme" in booking.return_note


def test_someone_else_cannot_see_a_booking(client_for, hall, resident, neighbour, outsider):
    booking = make_booking(hall, resident, at(3, 14), at(3, 18))
    assert client_for(neighbour).get(booking.get_absolute_url()).status_code == 404
    assert client_for(outsider).get(booking.get_absolute_url()).status_code == 404
    assert client_for(resident).get(booking.get_absolute_url()).status_code == 200


def test_a_referent_adds_a_room_to_the_catalogue_then_withdraws_it(client_for, referent, commune, anonymous):
    client = client_for(referent)
    response = client.post(
        "/accueil/pret/ajouter/",
        {
            "kind": "room",
            "name": "Salle du conseil",
            "owner_kind": "commune",
            "commune": commune.pk,
            "address": "1 place de la Mairie",
            "capacity": 30,
            "notice_hours": 24,
            "longest_hours": 8,
            "buffer_minutes": 30,
            "opens_at": "09:00",
            "closes_at": "20:00",
            "open_days": "12345",
            "borrowers": "residents",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    room = Item.objects.get(name="Salle du conseil")
    assert (room.owner_kind, room.owner_person, room.address) == ("commune", None, "1 place de la Mairie")
    assert "1 place de la Mairie" in anonymous.get(room.get_absolute_url()).content.decode()
    data = {k: v for k, v in client.get(f"/pret/{room.slug}/modifier/").context["form"].initial.items()}
    data = {k: ("" if v is None else v) for k, v in data.items() if k != "is_active"}
    data["commune"] = commune.pk
    response = client.post(f"/pret/{room.slug}/modifier/", data)
    assert response.status_code == 302, response.content.decode()
    room.refresh_from_db()
    assert not room.is_active
    assert anonymous.get(room.get_absolute_url()).status_code == 404
    assert "Salle du conseil" in client.get("/accueil/pret/").content.decode()


def test_the_homes_show_loans_and_what_waits(client_for, hall, resident, referent):
    services.request_booking(hall, resident, at(5, 14), at(5, 18))
    assert "Salle des fêtes" in client_for(resident).get("/").content.decode()
    assert "Salle des fêtes" in client_for(referent).get("/accueil/").content.decode()


def test_the_waiting_list_button_of_a_refused_request_records_the_slot(client_for, hall, resident, neighbour):
    make_booking(hall, resident, at(5, 14), at(5, 18))
    client = client_for(neighbour)
    page = client.post(
        "/pret/salle-des-fetes/",
        {"date": at(5).date().isoformat(), "start_time": "15:00", "end_time": "17:00"},
    ).content.decode()
    form = page.split('action="/pret/salle-des-fetes/liste-d-attente/"')[1].split("</form>")[0]
    start = form.split('name="start" value="')[1].split('"')[0]
    end = form.split('name="end" value="')[1].split('"')[0]
    response = client.post("/pret/salle-des-fetes/liste-d-attente/", {"start": start, "end": end})
    assert response.status_code == 302
    entry = WaitingEntry.objects.get()
    assert (entry.person, entry.starts_at, entry.ends_at) == (neighbour, at(5, 15), at(5, 17))


def test_a_referent_withdraws_a_residents_object_and_its_requests_are_refused(
    client_for, drill, neighbour, referent, anonymous
):
    booking = services.request_booking(drill, neighbour, at(3, 10), at(3, 12))
    client_for(referent).post("/pret/perceuse/retirer/")
    drill.refresh_from_db()
    booking.refresh_from_db()
    assert not drill.is_active and booking.status == BookingStatus.REFUSED and booking.refusal_reason
    assert client_for(neighbour).get("/pret/perceuse/").status_code == 404
    assert "Perceuse" not in client_for(neighbour).get("/pret/").content.decode()
