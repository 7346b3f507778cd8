"""Bad input gets a clear message and leaves the ledger exactly as before."""

import datetime
import uuid

import pytest
from django.utils import timezone

from entraide.timebank.formatting import DurationParseError, format_minutes, parse_duration
from entraide.timebank.models import Account, Claim, Entry, Transfer

from .factories import AccountFactory, fund

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Account.objects.values_list("pk", "balance_minutes")),
        Entry.objects.count(),
        Transfer.objects.count(),
        Claim.objects.count(),
    )


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1 h 30", 90),
        ("1h30", 90),
        ("2 h", 120),
        ("45 min", 45),
        ("1:30", 90),
        ("1,5 h", 90),
        ("1.25 h", 75),
        ("2 heures", 120),
        ("24 h", 1440),
    ],
)
def test_it_reads_durations_as_people_write_them(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["", "-1 h", "−30 min", "1:30:15", "1,01 h", "1 h 75", "beaucoup"])
def test_it_refuses_unreadable_durations(text):
    with pytest.raises(DurationParseError):
        parse_duration(text)


def test_it_shows_minutes_as_hours():
    assert [format_minutes(m) for m in (90, 60, 45, 0, -600, -75)] == [
        "1 h 30",
        "1 h",
        "45 min",
        "0 h",
        "−10 h",
        "−1 h 15",
    ]


def claim(client, account, **changes):
    data = {
        "receiver": account.public_id,
        "minutes": "1 h",
        "happened_on": timezone.localdate().isoformat(),
        "description": "Aide",
        "idempotency_key": str(uuid.uuid4()),
        **changes,
    }
    return client.post("/banque-du-temps/declarer/", data)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"minutes": "0"}, "minutes"),
        ({"minutes": "-1 h"}, "minutes"),
        ({"minutes": "0:30:30"}, "minutes"),
        ({"minutes": "25 h"}, "minutes"),
        ({"happened_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "happened_on"),
        ({"happened_on": "2019-01-01"}, "happened_on"),
        ({"receiver": str(uuid.uuid4())}, "receiver"),
        ({"receiver": "1"}, "receiver"),
        ({"idempotency_key": "not-a-uuid"}, None),
    ],
)
def test_a_bad_claim_is_refused_with_a_message_on_its_field(
    client_for, resident, resident_account, neighbour_account, changes, field
):
    before = snapshot()
    response = claim(client_for(resident), neighbour_account, **changes)
    assert response.status_code == 400
    if field:
        assert f'id="id_{field}"' in response.text
        assert 'aria-invalid="true"' in response.text
    assert snapshot() == before


def test_one_cannot_record_help_to_oneself(client_for, resident, resident_account, neighbour_account):
    response = claim(client_for(resident), resident_account)
    assert response.status_code == 400
    assert not Claim.objects.exists()


def test_an_account_of_another_territory_is_not_a_choice(client_for, resident, resident_account, outsider):
    foreign = AccountFactory(owner=outsider)
    before = snapshot()
    response = claim(client_for(resident), foreign)
    assert response.status_code == 400
    assert snapshot() == before


def test_a_frozen_account_cannot_be_chosen(
    client_for, resident, resident_account, neighbour_account, referent
):
    from entraide.timebank import services

    services.set_frozen(neighbour_account, by=referent, frozen=True, reason="Contrôle")
    before = snapshot()
    response = claim(client_for(resident), neighbour_account)
    assert response.status_code == 400
    assert snapshot() == before


def gift(client, payee, minutes="1 h", key=None):
    return client.post(
        "/banque-du-temps/donner/",
        {
            "payee": payee.public_id,
            "minutes": minutes,
            "description": "Merci",
            "idempotency_key": key or str(uuid.uuid4()),
        },
    )


def test_a_gift_over_the_floor_is_refused_saying_which_limit_and_by_how_much(
    client_for, resident, resident_account, neighbour_account
):
    before = snapshot()
    response = gift(client_for(resident), neighbour_account, "11 h")
    assert response.status_code == 400
    assert "−10 h" in response.text and "1 h" in response.text
    assert snapshot() == before


def test_a_replayed_gift_form_is_recorded_once_and_shows_the_original(
    client_for, resident, resident_account, neighbour_account
):
    fund(resident_account, 120)
    client = client_for(resident)
    key = str(uuid.uuid4())
    assert gift(client, neighbour_account, "1 h", key).status_code == 302
    before = snapshot()
    response = gift(client, neighbour_account, "1 h", key)
    assert response.status_code == 302
    assert snapshot() == before
    page = client.get(response["Location"])
    assert "enregistré qu’une fois" in page.text
    assert "Karim B." in page.text


def test_a_forged_pool_or_person_id_from_the_gift_form_is_refused(
    client_for, resident, resident_account, outsider
):
    from entraide.timebank import services

    foreign_pool = services.pool_for(outsider.territory)
    before = snapshot()
    assert gift(client_for(resident), foreign_pool).status_code == 400
    assert snapshot() == before
