"""The demo adds initiatives and needs, and running it twice changes nothing."""

import pytest
from django.core.management import call_command

from entraide.diagnosis.models import Need, Snapshot
from entraide.directory.models import Holder, Initiative, Service

pytestmark = pytest.mark.django_db(transaction=False)


def counts():
    return (
        Initiative.objects.count(),
        Service.objects.count(),
        Holder.objects.count(),
        Need.objects.count(),
        Snapshot.objects.count(),
    )


def test_the_demo_loads_initiatives_and_needs_once():
    call_command("demo", "--quiet-logins")
    first = counts()
    assert 20 <= first[0] <= 30
    assert first[3] == 20
    assert first[4] == 1
    assert Initiative.objects.stale().exists()
    assert Initiative.objects.published().filter(latitude__isnull=False).exists()
    assert all(
        "fictif" in n.lower() or "fictive" in n.lower() or "démo" in n.lower()
        for n in Initiative.objects.values_list("name", flat=True)
    )
    call_command("demo", "--quiet-logins")
    assert counts() == first
