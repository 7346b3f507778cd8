"""Help recorded on the board as a subject of the evaluation's feedback: the person helped and
the helper each get the one-click question, on the post's page once the help is recorded and in
their personal home (entraide.evaluation.kinds)."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.evaluation.kinds import Kind, Pending, register
from entraide.evaluation.models import Feedback

from .models import Exchange

KIND = "exchange"
# How long after the help the question still waits in the personal home.
ASK_FOR_DAYS = 60


def _theirs(user, territory):
    return Exchange.objects.in_territory(territory).filter(Q(helper=user) | Q(receiver=user))


def may_give_feedback(user, territory, subject) -> bool:
    """The helper and the person helped, once the help is recorded."""
    return _theirs(user, territory).filter(public_id=subject).exists()


def exchange_url(territory, subject) -> str:
    post = (
        Exchange.objects.in_territory(territory)
        .filter(public_id=subject, post__isnull=False)
        .values_list("post__reference", flat=True)
        .first()
    )
    return reverse("board:post", kwargs={"reference": post}) if post else reverse("board:mine")


def exchange_of_post(user, territory, post):
    """The latest help recorded for this post between this person and someone else."""
    exchanges = _theirs(user, territory).filter(post=post).order_by("-created_at")
    return exchanges.values_list("public_id", flat=True).first()


def waiting(user, territory, limit: int) -> tuple[list[Pending], int]:
    """Help of the last weeks this person has not given feedback on yet, latest first."""
    from entraide.core.home import first_items

    since = timezone.localdate() - datetime.timedelta(days=ASK_FOR_DAYS)
    exchanges = (
        _theirs(user, territory)
        .filter(happened_on__gte=since)
        .exclude(Exists(Feedback.objects.filter(person=user, kind=KIND, subject=OuterRef("public_id"))))
        .select_related("helper", "receiver")
        .order_by("-happened_on", "-pk")
    )

    def pending(exchange: Exchange) -> Pending:
        if exchange.helper_id == user.pk:
            label = _("Help given to %(name)s") % {"name": exchange.receiver.display_name}
        else:
            label = _("Help received from %(name)s") % {"name": exchange.helper.display_name}
        return Pending(exchange.public_id, label, date_format(exchange.happened_on, "j F Y"))

    return first_items(exchanges, pending, limit)


def register_kind() -> None:
    register(
        Kind(
            KIND,
            gettext_lazy("a help on the board"),
            can_give=may_give_feedback,
            url=exchange_url,
            subject_of=exchange_of_post,
            pending=waiting,
        )
    )
