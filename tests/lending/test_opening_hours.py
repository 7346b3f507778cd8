"""Opening hours per weekday: one range for the open days, another on some days (a room open
Monday to Friday 9:00–17:00 and Saturday 9:00–12:00). A loan starts and ends within its day's hours,
a refusal names that day's hours, the next free slot keeps to them, the pages show them, the item
form takes them day by day with each error on its field; items without per-day hours are unchanged.

Messages are compared with `gettext` of their msgid (French once the catalogue is compiled); the
exact wording is checked in English."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from entraide.lending import hours, services
from entraide.lending.enums import BookingStatus, ItemKind
from entraide.lending.models import Booking, Item

from .factories import ItemFactory, at, make_booking

pytestmark = pytest.mark.django_db

MONDAY, FRIDAY, SATURDAY, SUNDAY = 1, 5, 6, 7


def on(weekday: int, hour: int, minute: int = 0) -> datetime.datetime:
    """The first given ISO weekday at least two days ahead, at a local time."""
    day = timezone.localdate() + datetime.timedelta(days=2)
    day += datetime.timedelta(days=(weekday - day.isoweekday()) % 7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def after(moment: datetime.datetime, weekday: int, hour: int) -> datetime.datetime:
    """The first given weekday after `moment`'s day, at a local time."""
    day = timezone.localtime(moment).date() + datetime.timedelta(days=1)
    day += datetime.timedelta(days=(weekday - day.isoweekday()) % 7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def room(commune):
    return ItemFactory(
        commune=commune,
        kind=ItemKind.ROOM,
        name="Salle de réunion",
        slug="salle-de-reunion",
        address="2 place de la Mairie",
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
        open_days="123456",
        day_hours={"6": ["09:00", "12:00"]},
        longest_hours=8,
    )


def saturday_refusal() -> str:
    return _("On %(day)s, loans start and end between %(opens)s and %(closes)s.") % {
        "day": hours.weekday_name(SATURDAY),
        "opens": hours.clock(datetime.time(9)),
        "closes": hours.clock(datetime.time(12)),
    }


def messages_of(error) -> list[str]:
    return error.value.messages


# Booking rules ------------------------------------------------------------------------------


def test_it_accepts_a_saturday_morning(room, resident):
    booking = services.request_booking(room, resident, on(SATURDAY, 9), on(SATURDAY, 12))
    assert booking.status == BookingStatus.REQUESTED


def test_it_refuses_a_saturday_afternoon_naming_saturdays_hours(room, resident):
    with pytest.raises(ValidationError) as error:
        services.request_booking(room, resident, on(SATURDAY, 14), on(SATURDAY, 16))
    assert messages_of(error) == [saturday_refusal()]
    assert not Booking.objects.exists()


def test_it_refuses_a_saturday_loan_that_runs_past_noon(room, resident):
    with pytest.raises(ValidationError) as error:
        services.request_booking(room, resident, on(SATURDAY, 10), on(SATURDAY, 13))
    assert messages_of(error) == [saturday_refusal()]


def test_the_other_open_days_keep_the_default_range(room, resident):
    assert services.slot_errors(room, on(FRIDAY, 13), on(FRIDAY, 17), by=resident) == []
    errors = services.slot_errors(room, on(FRIDAY, 16), on(FRIDAY, 18), by=resident)
    assert errors == [
        _("On %(day)s, loans start and end between %(opens)s and %(closes)s.")
        % {
            "day": hours.weekday_name(FRIDAY),
            "opens": hours.clock(datetime.time(9)),
            "closes": hours.clock(datetime.time(17)),
        }
    ]


def test_a_closed_day_is_refused_with_the_week_s_hours(room, resident):
    with pytest.raises(ValidationError) as error:
        services.request_booking(room, resident, on(SUNDAY, 10), on(SUNDAY, 11))
    assert messages_of(error) == [
        _("The item is not lent on %(day)s. Opening hours: %(hours)s.")
        % {"day": hours.weekday_name(SUNDAY), "hours": hours.opening_display(room)}
    ]


def test_the_refusal_reads_in_english_with_the_days_hours(room, resident):
    with translation.override("en"):
        errors = services.slot_errors(room, on(SATURDAY, 14), on(SATURDAY, 16), by=resident)
    assert errors == ["On Saturday, loans start and end between 9:00 and 12:00."]


def test_the_next_free_slot_keeps_to_the_days_hours(room, resident):
    make_booking(room, resident, on(SATURDAY, 9), on(SATURDAY, 11))
    # 11:00–13:00 would pass Saturday's noon; Sunday is closed: Monday at opening.
    monday = after(on(SATURDAY, 9), MONDAY, 9)
    assert services.next_free_slot(room, on(SATURDAY, 9), on(SATURDAY, 11)) == (
        monday,
        monday + datetime.timedelta(hours=2),
    )
    # One hour still fits on Saturday morning, after the held loan.
    assert services.next_free_slot(room, on(SATURDAY, 9), on(SATURDAY, 10)) == (
        on(SATURDAY, 11),
        on(SATURDAY, 12),
    )


def test_the_next_free_slot_of_a_long_loan_skips_a_short_day(room):
    # Friday 15:00–18:00 passes 17:00; Saturday's three hours hold three hours from 9:00 exactly.
    start, _end = services.next_free_slot(room, on(FRIDAY, 15), on(FRIDAY, 18))
    assert start == after(on(FRIDAY, 15), SATURDAY, 9)
    # Four hours never fit a Saturday; Sunday is closed: Monday at opening.
    start, _end = services.next_free_slot(room, on(SATURDAY, 10), on(SATURDAY, 14))
    assert start == after(on(SATURDAY, 10), MONDAY, 9)


# Items without per-day hours ----------------------------------------------------------------------


def test_an_item_without_per_day_hours_keeps_one_range_for_its_open_days(commune, resident):
    item = Item.objects.create(
        territory=commune.territory,
        commune=commune,
        kind=ItemKind.ROOM,
        name="Salle",
        slug="salle",
        owner_kind="commune",
        opens_at=datetime.time(8),
        closes_at=datetime.time(23),
        open_days="12345",
    )
    assert item.day_hours == {}
    assert [hours.hours_on(item, d) for d in hours.WEEKDAYS] == [
        (datetime.time(8), datetime.time(23))
    ] * 5 + [None, None]
    assert services.slot_errors(item, on(MONDAY, 8), on(MONDAY, 23), by=resident) == []
    assert services.slot_errors(item, on(MONDAY, 7), on(MONDAY, 9), by=resident)
    assert services.slot_errors(item, on(SATURDAY, 10), on(SATURDAY, 11), by=resident)
    with translation.override("en"):
        assert hours.opening_display(item) == "Monday to Friday 8:00 – 23:00"


def test_an_item_lent_at_any_time_every_day_shows_no_hours_and_takes_any_time(commune, resident):
    item = ItemFactory(commune=commune)
    assert hours.opening_display(item) == ""
    assert services.slot_errors(item, at(3, 2), at(3, 5), by=resident) == []
    assert services.next_free_slot(item, at(3, 2), at(3, 5)) == (at(3, 2), at(3, 5))


def test_an_item_lent_at_any_time_on_weekdays_says_so(commune):
    item = ItemFactory(commune=commune, open_days="12345")
    with translation.override("en"):
        assert hours.opening_display(item) == "Monday to Friday at any time"


# Display ------------------------------------------------------------------------------------------


def test_the_hours_read_as_a_sentence(room):
    with translation.override("en"):
        assert room.opening_display() == "Monday to Friday 9:00 – 17:00, Saturday 9:00 – 12:00"
        room.open_days = "1357"
        room.day_hours = {"7": ["10:30", "12:00"]}
        assert room.opening_display() == "Monday, Wednesday and Friday 9:00 – 17:00, Sunday 10:30 – 12:00"
        room.open_days, room.day_hours = "1234567", {}
        assert room.opening_display() == "every day 9:00 – 17:00"


def test_the_item_page_and_the_catalogue_show_the_hours(room, anonymous):
    shown = escape(room.opening_display())
    assert shown in anonymous.get(room.get_absolute_url()).content.decode()
    assert shown in anonymous.get("/pret/").content.decode()


def test_malformed_per_day_hours_are_refused_by_the_model(room):
    room.day_hours = {"6": ["12:00", "09:00"]}
    with pytest.raises(ValidationError):
        room.full_clean()
    room.day_hours = {"8": ["09:00", "12:00"]}
    with pytest.raises(ValidationError):
        room.full_clean()


# The item form --------------------------------------------------------------------------------------


def _room_form(commune, **extra) -> dict:
    return {
        "kind": "room",
        "name": "Salle du conseil",
        "owner_kind": "commune",
        "commune": commune.pk,
        "address": "1 place de la Mairie",
        "notice_hours": 0,
        "longest_hours": 8,
        "buffer_minutes": 0,
        "opens_at": "09:00",
        "closes_at": "17:00",
        "open_days": ["1", "2", "3", "4", "5"],
        "borrowers": "residents",
        "is_active": "on",
        **extra,
    }


def assert_error_on(page: str, field_id: str):
    assert f'<a href="#{field_id}">' in page
    assert f'id="{field_id}_error"' in page and 'aria-invalid="true"' in page


def test_the_form_takes_saturday_morning_and_opens_saturday(client_for, referent, commune):
    response = client_for(referent).post(
        "/accueil/pret/ajouter/", _room_form(commune, day_6_opens="09:00", day_6_closes="12:00")
    )
    assert response.status_code == 302, response.content.decode()
    room = Item.objects.get(name="Salle du conseil")
    assert room.open_days == "123456"  # a day given its own hours is open
    assert room.day_hours == {"6": ["09:00", "12:00"]}
    form = client_for(referent).get(f"/pret/{room.slug}/modifier/").context["form"]
    assert form.initial["day_6_opens"] == datetime.time(9)
    assert form.initial["open_days"] == list("123456")
    page = client_for(referent).get(f"/pret/{room.slug}/modifier/").content.decode()
    assert 'type="checkbox" name="open_days" value="6"' in page
    assert "<details" in page and 'name="day_6_closes"' in page


def test_the_form_refuses_a_saturday_closing_before_its_opening_on_that_field(client_for, referent, commune):
    response = client_for(referent).post(
        "/accueil/pret/ajouter/", _room_form(commune, day_6_opens="12:00", day_6_closes="09:00")
    )
    page = response.content.decode()
    assert_error_on(page, "id_day_6_closes")
    assert (
        escape(
            _("The closing time must come after the opening time (%(opens)s).")
            % {"opens": hours.clock(datetime.time(12))}
        )
        in page
    )
    assert '<details class="folded-fields" open>' in page  # the error is not hidden
    assert not Item.objects.exists()


def test_the_form_refuses_a_default_closing_before_its_opening_on_that_field(client_for, referent, commune):
    response = client_for(referent).post(
        "/accueil/pret/ajouter/", _room_form(commune, opens_at="17:00", closes_at="09:00")
    )
    assert_error_on(response.content.decode(), "id_closes_at")
    assert not Item.objects.exists()


def test_the_form_asks_for_both_times_of_a_day(client_for, referent, commune):
    response = client_for(referent).post("/accueil/pret/ajouter/", _room_form(commune, day_6_opens="09:00"))
    page = response.content.decode()
    assert_error_on(page, "id_day_6_closes")
    assert escape(_("Give the closing time too, or neither.")) in page
    assert not Item.objects.exists()


def test_the_form_asks_for_an_open_day(client_for, referent, commune):
    response = client_for(referent).post("/accueil/pret/ajouter/", _room_form(commune, open_days=[]))
    page = response.content.decode()
    assert '<a href="#id_open_days_0">' in page and 'id="id_open_days_error"' in page
    assert not Item.objects.exists()


def test_clearing_a_days_hours_gives_it_the_default_range_again(client_for, referent, room, commune):
    data = _room_form(commune, open_days=list("123456"))
    response = client_for(referent).post(f"/pret/{room.slug}/modifier/", data)
    assert response.status_code == 302, response.content.decode()
    room.refresh_from_db()
    assert room.day_hours == {}
    assert hours.hours_on(room, SATURDAY) == (datetime.time(9), datetime.time(17))
