"""Communication support is a request, not a booking: asked with the meetup's poster, accepted,
done or refused with a reason by the referent; the person is told each time."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from entraide.lending.enums import ItemKind, SupportStatus
from entraide.lending.models import SupportRequest

from .factories import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posters(commune):
    return ItemFactory(commune=commune, kind=ItemKind.COMMUNICATION, name="Affiches A3", slug="affiches")


def test_a_resident_asks_for_posters_and_the_referent_does_it(client_for, posters, resident, referent):
    page = client_for(resident).get("/pret/affiches/").content.decode()
    assert 'name="what"' in page and 'name="start_time"' not in page
    wanted = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = client_for(resident).post(
        "/pret/affiches/support/", {"what": "20 affiches A3", "wanted_by": wanted}
    )
    assert response.status_code == 302
    support = SupportRequest.objects.get()
    assert support.status == SupportStatus.REQUESTED and mail.outbox[-1].to == [referent.email]
    assert "20 affiches A3" in client_for(referent).get("/accueil/pret/").content.decode()
    client_for(referent).post(f"/accueil/pret/supports/{support.public_id}/", {"status": "accepted"})
    client_for(referent).post(f"/accueil/pret/supports/{support.public_id}/", {"status": "done"})
    support.refresh_from_db()
    assert support.status == SupportStatus.DONE and mail.outbox[-1].to == [resident.email]


def test_a_refusal_needs_a_reason_and_a_past_date_is_refused(client_for, posters, resident, referent):
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client_for(resident).post("/pret/affiches/support/", {"what": "Affiches", "wanted_by": past})
    assert response.status_code == 400 and not SupportRequest.objects.exists()
    support = SupportRequest.objects.create(
        territory=posters.territory,
        item=posters,
        requester=resident,
        what="x",
        wanted_by=timezone.localdate(),
    )
    client_for(referent).post(f"/accueil/pret/supports/{support.public_id}/", {"status": "refused"})
    support.refresh_from_db()
    assert support.status == SupportStatus.REQUESTED
    client_for(referent).post(
        f"/accueil/pret/supports/{support.public_id}/", {"status": "refused", "reason": "Imprimante en panne"}
    )
    support.refresh_from_db()
    assert support.status == SupportStatus.REFUSED and support.refusal_reason == "Imprimante en panne"
