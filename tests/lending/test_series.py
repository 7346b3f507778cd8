"""Bookings asked together (a meetup's dates in a room): one series, one email to each keeper and
one to the borrower instead of one per date; the desk shows the series as one row, approved or
refused at once (one email), a date taken meanwhile refused for lack of availability."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from entraide.lending import services
from entraide.lending.enums import BookingStatus, ItemKind
from entraide.lending.models import Booking
from entraide.people.enums import RoleKind

from ..factories import CommuneFactory, RoleFactory, UserFactory
from ..helpers import assert_constant_queries
from .factories import ItemFactory, at, make_booking

pytestmark = pytest.mark.django_db

WEEKS = 8


@pytest.fixture
def room(commune):
    return ItemFactory(
        commune=commune,
        kind=ItemKind.ROOM,
        name="Salle des fêtes",
        slug="salle",
        address="Place de la Mairie",
    )


def _slots(n=WEEKS, first=3):
    return [(at(first + 7 * week, 14), at(first + 7 * week, 17)) for week in range(n)]


def _ask(room, person, n=WEEKS):
    return services.request_bookings(room, person, _slots(n), purpose="Café des parents")


def _to(mailoutbox, person):
    return [m for m in mailoutbox if m.to == [person.email]]


def test_dates_asked_together_share_a_series_and_the_keeper_gets_one_email(
    room, resident, referent, mailoutbox
):
    bookings = _ask(room, resident)
    assert len(bookings) == WEEKS and all(b.status == BookingStatus.REQUESTED for b in bookings)
    assert len({b.series for b in bookings}) == 1 and bookings[0].series is not None
    (message,) = _to(mailoutbox, referent)
    assert "Salle des fêtes" in message.subject
    assert message.body.count("\n- ") == WEEKS and "Café des parents" in message.body
    assert "/accueil/pret/" in message.body
    assert not _to(mailoutbox, resident)


def test_an_automatic_room_sends_one_email_to_the_keeper_and_one_to_the_borrower(
    room, resident, referent, mailoutbox
):
    room.auto_approve = True
    room.save()
    bookings = _ask(room, resident)
    assert all(b.status == BookingStatus.APPROVED for b in bookings)
    (keeper,) = _to(mailoutbox, referent)
    (borrower,) = _to(mailoutbox, resident)
    assert keeper.body.count("\n- ") == WEEKS and borrower.body.count("\n- ") == WEEKS
    assert len(mailoutbox) == 2


def test_a_single_slot_is_asked_as_before(room, resident, referent, mailoutbox):
    (booking,) = _ask(room, resident, n=1)
    assert booking.series is None and booking.status == BookingStatus.REQUESTED
    (message,) = _to(mailoutbox, referent)
    assert booking.get_absolute_url() in message.body and "\n- " not in message.body


def test_a_refusal_by_the_rules_is_returned_for_its_date_only(room, resident, mailoutbox):
    room.longest_hours = 2
    room.save()
    results = services.request_bookings(
        room, resident, [(at(3, 14), at(3, 15)), (at(10, 14), at(10, 17))], purpose="Café"
    )
    assert isinstance(results[0], Booking) and results[0].status == BookingStatus.REQUESTED
    assert "2 heures au plus" in " ".join(results[1].messages)
    assert Booking.objects.count() == 1


def _desk_rows(client):
    response = client.get("/accueil/pret/")
    assert response.status_code == 200
    return response, response.context["series_to_decide"]


def test_the_desk_shows_a_series_as_one_row_with_its_dates(client_for, room, resident, referent):
    bookings = _ask(room, resident)
    single = make_booking(room, resident, at(2, 9), at(2, 10), status=BookingStatus.REQUESTED)
    response, (row,) = _desk_rows(client_for(referent))
    assert row["count"] == WEEKS and len(row["dates"]) == WEEKS and row["hidden"] == 0
    assert [b for b, _span in response.context["to_decide"]] == [single]
    page = response.text
    assert page.count("<details") >= 1 and "Café des parents" in page
    assert f"/accueil/pret/series/{bookings[0].series}/approuver/" in page
    assert f"/accueil/pret/series/{bookings[0].series}/refuser/" in page
    for booking in bookings:  # each date keeps its own page, to decide it alone
        assert booking.get_absolute_url() in page


def test_approving_all_the_dates_approves_them_with_one_email(
    client_for, room, resident, referent, mailoutbox
):
    bookings = _ask(room, resident)
    mailoutbox.clear()
    response = client_for(referent).post(f"/accueil/pret/series/{bookings[0].series}/approuver/")
    assert response.status_code == 302 and response.url == "/accueil/pret/"
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.APPROVED}
    assert set(Booking.objects.values_list("decided_by", flat=True)) == {referent.pk}
    (message,) = mailoutbox
    assert message.to == [resident.email] and message.body.count("\n- ") == WEEKS
    _response, rows = _desk_rows(client_for(referent))
    assert rows == []


def test_a_date_taken_meanwhile_is_refused_for_lack_of_availability_the_others_approved(
    client_for, room, resident, neighbour, referent, mailoutbox
):
    bookings = _ask(room, resident)
    taken = bookings[2]
    make_booking(room, neighbour, taken.starts_at - datetime.timedelta(hours=1), taken.starts_at)
    make_booking(room, neighbour, taken.starts_at, taken.ends_at)  # approved by hand meanwhile
    mailoutbox.clear()
    client_for(referent).post(f"/accueil/pret/series/{taken.series}/approuver/")
    taken.refresh_from_db()
    assert taken.status == BookingStatus.REFUSED and taken.unavailable
    others = Booking.objects.filter(series=taken.series).exclude(pk=taken.pk)
    assert {b.status for b in others} == {BookingStatus.APPROVED} and others.count() == WEEKS - 1
    (message,) = mailoutbox
    assert message.to == [resident.email]
    assert message.body.count("\n- ") == WEEKS  # 7 approved, then the refused one with its reason
    assert taken.refusal_reason in message.body


def test_refusing_all_the_dates_needs_a_reason_said_on_the_field(
    client_for, room, resident, referent, mailoutbox
):
    bookings = _ask(room, resident)
    series = bookings[0].series
    mailoutbox.clear()
    client = client_for(referent)
    response = client.post(f"/accueil/pret/series/{series}/refuser/", {"reason": "  "})
    assert response.status_code == 400
    (row,) = response.context["series_to_decide"]
    assert row["refuse_form"].errors["reason"] == [
        "Dites pourquoi la demande est refusée\u00a0: la personne le lira."
    ]
    assert f'id="reason-{series}"' in response.text and "Erreur" in response.text
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.REQUESTED}
    assert not mailoutbox

    response = client.post(f"/accueil/pret/series/{series}/refuser/", {"reason": "La salle est en travaux."})
    assert response.status_code == 302
    assert set(Booking.objects.values_list("refusal_reason", flat=True)) == {"La salle est en travaux."}
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.REFUSED}
    (message,) = mailoutbox
    assert message.to == [resident.email] and "La salle est en travaux." in message.body


@pytest.mark.parametrize("action", ["approuver", "refuser"])
def test_someone_who_may_not_decide_is_refused(
    client_for, room, resident, neighbour, outsider, commune, action
):
    bookings = _ask(room, resident)
    url = f"/accueil/pret/series/{bookings[0].series}/{action}/"
    elsewhere = UserFactory(commune=CommuneFactory(territory=commune.territory, insee_code="81777"))
    RoleFactory(user=elsewhere, kind=RoleKind.REFERENT, commune=elsewhere.commune)
    data = {"reason": "Non."}
    assert client_for(resident).post(url, data).status_code == 403  # the borrower sees, may not decide
    assert client_for(neighbour).post(url, data).status_code == 404
    assert client_for(elsewhere).post(url, data).status_code == 404  # a referent of another commune
    assert client_for(outsider).post(url, data).status_code == 404
    assert (
        client_for(referent_of(commune)).post(f"/accueil/pret/series/{uuid.uuid4()}/{action}/").status_code
        == 404
    )
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.REQUESTED}


def referent_of(commune):
    user = UserFactory(commune=commune)
    RoleFactory(user=user, kind=RoleKind.REFERENT, commune=commune)
    return user


def test_the_services_check_the_rule_too(room, resident, neighbour):
    bookings = _ask(room, resident)
    with pytest.raises(ValidationError, match="n’attendent plus de décision"):
        services.approve_series(bookings[0].series, by=neighbour)
    with pytest.raises(ValidationError, match="n’attendent plus de décision"):
        services.refuse_series(bookings[0].series, by=resident, reason="Non.")


def test_one_date_of_a_series_may_still_be_decided_alone(client_for, room, resident, referent):
    bookings = _ask(room, resident)
    client = client_for(referent)
    response = client.post(f"/pret/reservations/{bookings[0].public_id}/approuver/")
    assert response.status_code == 302
    bookings[0].refresh_from_db()
    assert bookings[0].status == BookingStatus.APPROVED
    _response, (row,) = _desk_rows(client)
    assert row["count"] == WEEKS - 1
    client.post(f"/accueil/pret/series/{bookings[0].series}/approuver/")
    assert Booking.objects.filter(status=BookingStatus.APPROVED).count() == WEEKS


def test_the_desk_runs_the_same_queries_with_few_or_many_series(client_for, room, resident, referent):
    client = client_for(referent)
    days = iter(range(3, 100_000))

    def add(n):
        """One series of n dates, and n // 10 more series of 2 dates."""
        rows = []
        for size in [n] + [2] * (n // 10):
            series = uuid.uuid4()
            for _ in range(size):
                start = at(next(days), 14)
                end = start + datetime.timedelta(hours=1)
                rows.append(
                    Booking(
                        territory=room.territory,
                        item=room,
                        borrower=resident,
                        starts_at=start,
                        ends_at=end,
                        blocked_until=end,
                        status=BookingStatus.REQUESTED,
                        series=series,
                    )
                )
        Booking.objects.bulk_create(rows)

    assert_constant_queries(lambda: client.get("/accueil/pret/"), add, small=4, large=80)
    _response, rows = _desk_rows(client)
    assert max(row["count"] for row in rows) == 76 and max(len(row["dates"]) for row in rows) == 60
    assert next(row for row in rows if row["count"] == 76)["hidden"] == 16


def test_an_initiatives_holder_decides_its_items_series_from_the_dates_pages(
    client_for, commune, resident, neighbour, mailoutbox
):
    """The holder of an initiative keeps its items without the desk: the keeper's email links the
    first date's page, and approving all the dates brings them back there."""
    from ..directory.factories import HolderFactory, InitiativeFactory

    initiative = InitiativeFactory(commune=commune)
    HolderFactory(initiative=initiative, user=neighbour)
    tent = ItemFactory(commune=commune, owner_kind="initiative", initiative=initiative, name="Barnum")
    bookings = services.request_bookings(tent, resident, _slots(3), purpose="Vide-grenier")
    (message,) = _to(mailoutbox, neighbour)
    assert bookings[0].get_absolute_url() in message.body and "/accueil/pret/" not in message.body
    assert client_for(neighbour).get("/accueil/pret/").status_code == 403
    response = client_for(neighbour).post(f"/accueil/pret/series/{bookings[0].series}/approuver/")
    assert response.status_code == 302 and response.url == bookings[0].get_absolute_url()
    assert Booking.objects.filter(item=tent, status=BookingStatus.APPROVED).count() == 3
