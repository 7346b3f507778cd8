"""Issues 11 and 12: a meetup held in a room of the lending catalogue. The form offers the rooms by
commune; the meetup page shows the room's name and public address and links its lending page; each
date asks for the room's booking through lending's services, and a refusal shows on the form's room
field in French with nothing saved."""

import datetime

import pytest
from django.utils import timezone

from entraide.lending.enums import BookingStatus, ItemKind, OwnerKind
from entraide.lending.models import Booking
from entraide.meetups.forms import MeetupForm
from entraide.meetups.models import Meetup, Occurrence

from ..factories import CommuneFactory
from ..lending.factories import ItemFactory, make_booking
from .factories import MeetupKindFactory, next_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(commune):
    return ItemFactory(
        commune=commune,
        kind=ItemKind.ROOM,
        name="Salle des fêtes",
        slug="salle-des-fetes",
        address="Place de la Mairie",
        auto_approve=True,
    )


def _data(commune, room, **change):
    kind = MeetupKindFactory(territory=commune.territory)
    return {
        "kind": kind.pk,
        "title": "Forum des associations",
        "date": next_day(5).date().isoformat(),
        "start_time": "14:00",
        "end_time": "17:00",
        "commune": commune.pk,
        "room": room.pk,
        "address": "",
        "guests_allowed": 0,
    } | change


def test_the_form_offers_the_rooms_grouped_by_commune(territory, commune, room):
    other = CommuneFactory(territory=territory, insee_code="81999", name="Rabastens")
    ItemFactory(commune=other, kind=ItemKind.ROOM, name="Salle associative", slug="salle-asso")
    ItemFactory(commune=commune, kind=ItemKind.EQUIPMENT, name="Sono", slug="sono")
    html = str(MeetupForm(territory=territory)["room"])
    assert f'<optgroup label="{commune.name}">' in html and '<optgroup label="Rabastens">' in html
    assert ">Salle des fêtes</option>" in html and ">Salle associative</option>" in html
    assert "Sono" not in html


def test_a_meetup_in_a_room_books_it_and_shows_it(client_for, referent, commune, room, anonymous):
    response = client_for(referent).post("/rencontres/proposer/", _data(commune, room))
    assert response.status_code == 302, response.text
    meetup = Meetup.objects.get()
    occurrence = Occurrence.objects.get(meetup=meetup)
    assert meetup.room == room
    assert occurrence.booking.item == room and occurrence.booking.status == BookingStatus.APPROVED
    assert (occurrence.booking.starts_at, occurrence.booking.ends_at) == (
        occurrence.starts_at,
        occurrence.ends_at,
    )

    page = anonymous.get(f"/rencontres/{meetup.slug}/").text
    assert f'href="/pret/{room.slug}/"' in page
    assert "Salle des fêtes" in page and "Place de la Mairie" in page


def test_a_room_already_lent_is_refused_on_the_room_field_and_nothing_is_saved(
    client_for, referent, resident, commune, room
):
    start = next_day(5, hour=13)
    make_booking(room, resident, start, start + datetime.timedelta(hours=5))
    response = client_for(referent).post("/rencontres/proposer/", _data(commune, room))
    assert response.status_code == 400
    form = response.context["form"]
    assert any("déjà prêté" in message for message in form.errors["room"]), form.errors
    assert not Meetup.objects.exists() and not Occurrence.objects.exists()
    assert Booking.objects.count() == 1  # the refusal is not kept either


def test_the_rooms_rules_apply(client_for, referent, commune, room):
    room.longest_hours = 2
    room.save()
    response = client_for(referent).post("/rencontres/proposer/", _data(commune, room))
    assert response.status_code == 400
    assert any("2 heures au plus" in m for m in response.context["form"].errors["room"])
    assert not Meetup.objects.exists() and not Booking.objects.exists()


def test_a_residents_object_is_never_a_room(territory, commune, resident):
    ItemFactory(
        commune=commune,
        kind=ItemKind.ROOM,
        owner_kind=OwnerKind.RESIDENT,
        owner_person=resident,
        name="Garage",
    )
    assert "Garage" not in str(MeetupForm(territory=territory)["room"])


def test_cancelling_a_date_gives_the_room_back(client_for, referent, commune, room):
    client_for(referent).post("/rencontres/proposer/", _data(commune, room))
    meetup = Meetup.objects.get()
    day = Occurrence.objects.get().starts_at.date()
    response = client_for(referent).post(
        f"/rencontres/{meetup.slug}/annuler-une-date/", {"date": day.isoformat()}, follow=True
    )
    assert response.status_code == 200
    assert Booking.objects.get().status == BookingStatus.CANCELLED


def test_changing_the_room_or_the_times_moves_the_booking(client_for, referent, commune, room):
    client = client_for(referent)
    client.post("/rencontres/proposer/", _data(commune, room))
    meetup = Meetup.objects.get()
    other = ItemFactory(
        commune=commune, kind=ItemKind.ROOM, name="Salle du conseil", slug="conseil", auto_approve=True
    )

    response = client.post(f"/rencontres/{meetup.slug}/modifier/", _data(commune, other, end_time="18:00"))
    assert response.status_code == 302, response.context["form"].errors

    occurrence = Occurrence.objects.select_related("booking").get()
    assert occurrence.booking.item == other and occurrence.booking.ends_at == occurrence.ends_at
    assert Booking.objects.get(item=room).status == BookingStatus.CANCELLED


def test_a_change_refused_by_the_room_saves_nothing(client_for, referent, resident, commune, room):
    client = client_for(referent)
    client.post("/rencontres/proposer/", _data(commune, room))
    meetup = Meetup.objects.get()
    start = next_day(5, hour=17)
    make_booking(room, resident, start, start + datetime.timedelta(hours=2))

    response = client.post(f"/rencontres/{meetup.slug}/modifier/", _data(commune, room, end_time="18:00"))
    assert response.status_code == 400
    assert any("déjà prêté" in m for m in response.context["form"].errors["room"])
    occurrence = Occurrence.objects.select_related("booking").get()
    assert (
        timezone.localtime(occurrence.ends_at).hour == 17
        and occurrence.booking.status == BookingStatus.APPROVED
    )


def test_dates_the_daily_job_cannot_book_are_told_to_the_proposer_in_one_email(
    client_for, referent, resident, commune, room, mailoutbox
):
    """A repeating meetup's new dates are booked by the daily job, without a form to show a
    refusal on: the dates the room refused come to the proposer in one email, with the reasons."""
    from entraide.meetups import services

    assert client_for(referent).post("/rencontres/proposer/", _data(commune, room)).status_code == 302
    meetup = Meetup.objects.get()
    later = [next_day(5, hour=14) + datetime.timedelta(weeks=n) for n in (1, 2)]
    for start in later:
        make_booking(room, resident, start - datetime.timedelta(hours=1), start + datetime.timedelta(hours=4))
        Occurrence.objects.create(
            territory=meetup.territory, meetup=meetup, starts_at=start, ends_at=start + meetup.duration
        )
    mailoutbox.clear()
    assert services.book_room(meetup, later, strict=False) == 0
    (message,) = [m for m in mailoutbox if m.to == [referent.email]]
    assert "Salle des fêtes" in message.body and meetup.get_absolute_url() in message.body
    assert message.body.count("\n- ") == 2
    assert not Occurrence.objects.filter(starts_at__in=later, booking__isnull=False).exists()


def _weekly(resident, commune, room, weeks=8):
    """A weekly meetup in the room, proposed by a resident (the room's keeper is the referent).
    Through the service: the form's "repeat until" builds an UNTIL that core.calendars.expand
    cannot read yet (a naive start with a UTC end)."""
    from entraide.meetups.enums import MeetupStatus

    from .factories import make_meetup

    return make_meetup(
        resident,
        title="Forum des associations",
        start=next_day(5, hour=14),
        hours=3,
        rrule=f"FREQ=WEEKLY;COUNT={weeks}",
        status=MeetupStatus.PROPOSED,
        commune=commune,
        room=room,
        address="",
    )


def _about_the_room(mailoutbox, person):
    return [m for m in mailoutbox if m.to == [person.email] and "Salle des fêtes" in m.subject]


def test_a_weekly_meetup_in_an_automatic_room_sends_one_email_to_the_keeper_and_one_to_the_proposer(
    referent, resident, commune, room, mailoutbox
):
    _weekly(resident, commune, room)
    bookings = Booking.objects.filter(item=room)
    assert bookings.count() == 8 and {b.status for b in bookings} == {BookingStatus.APPROVED}
    assert len({b.series for b in bookings}) == 1 and bookings[0].series is not None
    assert Occurrence.objects.filter(booking__isnull=False).count() == 8
    (keeper,) = _about_the_room(mailoutbox, referent)
    (proposer,) = _about_the_room(mailoutbox, resident)
    assert keeper.body.count("\n- ") == 8 and proposer.body.count("\n- ") == 8


def test_a_weekly_meetup_in_a_room_needing_approval_sends_one_email_to_the_keeper(
    client_for, referent, resident, commune, room, mailoutbox
):
    room.auto_approve = False
    room.save()
    _weekly(resident, commune, room)
    assert {b.status for b in Booking.objects.all()} == {BookingStatus.REQUESTED}
    (keeper,) = _about_the_room(mailoutbox, referent)
    assert keeper.body.count("\n- ") == 8
    assert not _about_the_room(mailoutbox, resident)
    (row,) = client_for(referent).get("/accueil/pret/").context["series_to_decide"]
    assert row["count"] == 8 and "Forum des associations" in row["booking"].purpose


def test_a_weekly_meetup_with_one_date_taken_is_refused_on_the_room_field_naming_it(
    referent, resident, commune, room, mailoutbox
):
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from entraide.meetups.services import when

    taken = next_day(5, hour=14) + datetime.timedelta(weeks=3)
    make_booking(room, referent, taken, taken + datetime.timedelta(hours=3))
    with pytest.raises(ValidationError) as raised, transaction.atomic():
        _weekly(resident, commune, room)
    (message,) = raised.value.message_dict["room"]
    moment = when(Occurrence(starts_at=taken, ends_at=taken + datetime.timedelta(hours=3)))
    assert "déjà prêté" in message and message.startswith(moment)
    assert not Meetup.objects.exists() and Booking.objects.count() == 1
    assert not _about_the_room(mailoutbox, referent) and not _about_the_room(mailoutbox, resident)
