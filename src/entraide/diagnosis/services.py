"""Multi-step operations on needs and snapshots, each in one transaction."""

from django.db import transaction

from entraide.people.models import User
from entraide.territories.models import Territory

from . import table
from .enums import NeedSource, NeedState, NeedStatus
from .models import Need, Snapshot


def _settle_status(need: Need) -> None:
    """A need some initiative answers is at least partly covered."""
    if need.status == NeedStatus.UNCOVERED and need.answered_by.exists():
        need.status = NeedStatus.PARTLY
        need.save(update_fields=["status", "updated_at"])


@transaction.atomic
def record_need(*, form, user: User, territory: Territory) -> Need:
    need = form.save(commit=False)
    need.territory = territory
    need.state = NeedState.RECORDED
    need.recorded_by = user
    need.save()
    form.save_m2m()
    _settle_status(need)
    return need


@transaction.atomic
def suggest_need(*, form, user: User, territory: Territory) -> Need:
    need = form.save(commit=False)
    need.territory = territory
    need.state = NeedState.SUGGESTED
    need.suggested_by = user
    need.source = NeedSource.OTHER
    need.save()
    return need


@transaction.atomic
def update_need(*, form, user: User) -> Need:
    need = form.save(commit=False)
    if need.state == NeedState.SUGGESTED:
        need.state = NeedState.RECORDED
        need.recorded_by = user
    need.save()
    form.save_m2m()
    _settle_status(need)
    return need


@transaction.atomic
def take_snapshot(*, territory: Territory, user: User, title: str) -> Snapshot:
    return Snapshot.objects.create(
        territory=territory, taken_by=user, title=title, data=table.collect(territory)
    )
