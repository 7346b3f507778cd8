"""Recording help is limited per helper (entraide.core.throttle), and its date is bounded
(entraide.core.dates.BoundedDateField): bad input gets a French message, nothing is written."""

import datetime
import uuid

import pytest
from django import forms
from django.utils import timezone

from entraide.core.dates import BoundedDateField
from entraide.timebank import services
from entraide.timebank.models import AuditEvent, Claim

pytestmark = pytest.mark.django_db


def post_claim(client, receiver_account, **changes):
    data = {
        "receiver": receiver_account.public_id,
        "minutes": "30 min",
        "happened_on": timezone.localdate().isoformat(),
        "description": "Courses",
        "idempotency_key": str(uuid.uuid4()),
        **changes,
    }
    return client.post("/banque-du-temps/declarer/", data)


def test_it_refuses_a_sixth_claim_in_an_hour_in_french(
    client_for, resident, neighbour, resident_account, neighbour_account
):
    client = client_for(resident)
    for _ in range(5):
        assert post_claim(client, neighbour_account).status_code == 302
    events = AuditEvent.objects.count()
    response = post_claim(client, neighbour_account)
    assert response.status_code == 400
    assert "Vous avez déclaré 5 aides en 1\xa0heure\xa0: attendez" in response.text
    assert Claim.objects.count() == 5 and AuditEvent.objects.count() == events


def test_it_refuses_a_twenty_first_claim_in_a_day(resident, neighbour, resident_account, neighbour_account):
    earlier = timezone.now() - datetime.timedelta(hours=3)
    for _ in range(20):
        claim, _created = services.record_claim(
            helper=resident,
            receiver=neighbour,
            minutes=10,
            happened_on=timezone.localdate(),
            description="Aide",
            idempotency_key=uuid.uuid4(),
        )
        Claim.objects.filter(pk=claim.pk).update(created_at=earlier)
    with pytest.raises(services.TimebankError, match="20 aides en 1\xa0jour"):
        services.record_claim(
            helper=resident,
            receiver=neighbour,
            minutes=10,
            happened_on=timezone.localdate(),
            description="Aide",
            idempotency_key=uuid.uuid4(),
        )
    assert Claim.objects.count() == 20


def test_the_limit_is_per_helper(client_for, resident, neighbour, resident_account, neighbour_account):
    for _ in range(5):
        post_claim(client_for(resident), neighbour_account)
    assert post_claim(client_for(neighbour), resident_account).status_code == 302


def test_a_replayed_form_is_not_counted_as_a_new_claim(
    client_for, resident, neighbour, resident_account, neighbour_account
):
    client = client_for(resident)
    for _ in range(4):
        post_claim(client, neighbour_account)
    key = str(uuid.uuid4())
    assert post_claim(client, neighbour_account, idempotency_key=key).status_code == 302
    assert post_claim(client, neighbour_account, idempotency_key=key).status_code == 302
    assert Claim.objects.count() == 5


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "La date ne peut pas être dans le futur."), (400, "Choisissez une date à partir du")],
)
def test_it_refuses_a_date_out_of_bounds(
    client_for, resident, neighbour, resident_account, neighbour_account, days, message
):
    day = timezone.localdate() - datetime.timedelta(days=days)
    response = post_claim(client_for(resident), neighbour_account, happened_on=day.isoformat())
    assert response.status_code == 400 and message in response.text
    assert not Claim.objects.exists()


def test_the_date_picker_is_bounded_too(client_for, resident, resident_account):
    page = client_for(resident).get("/banque-du-temps/declarer/").text
    today = timezone.localdate()
    assert f'max="{today.isoformat()}"' in page
    assert f'min="{(today - datetime.timedelta(days=366)).isoformat()}"' in page


class DayForm(forms.Form):
    """Defined when the tests are imported: "the day the server started"."""

    day = BoundedDateField(days_before=366, days_after=0)


def test_the_date_pickers_bounds_follow_the_days(monkeypatch):
    """core.dates: a form made tomorrow offers tomorrow, not the day its class was defined."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    html = str(DayForm()["day"])
    assert f'max="{tomorrow.isoformat()}"' in html
    assert f'min="{(tomorrow - datetime.timedelta(days=366)).isoformat()}"' in html
