"""What the time bank adds to the personal home and to the referent's desk (entraide.core.home).

Read-only queries on the time bank's models; the actions stay on the time bank's pages.
"""

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from entraide.board.models import Exchange
from entraide.core.home import Item, Section, first_items
from entraide.people import rules as people_rules

from .enums import ClaimStatus
from .formatting import format_minutes
from .models import Account, Claim


def personal(request: HttpRequest) -> list[Section]:
    user, territory = request.user, request.territory
    account = Account.objects.filter(owner=user, territory=territory).only("balance_minutes").first()
    if account is None:
        return []
    url = reverse("timebank:account")
    to_confirm, to_confirm_count = first_items(
        Claim.objects.in_territory(territory)
        .filter(receiver=user, status=ClaimStatus.PENDING)
        .select_related("helper")
        .order_by("created_at"),
        lambda claim: Item(
            label=_("%(name)s helped you for %(duration)s")
            % {"name": claim.helper.display_name, "duration": format_minutes(claim.minutes)},
            url=url,
            detail=date_format(claim.happened_on, "j F"),
        ),
    )
    to_declare, to_declare_count = first_items(
        Exchange.objects.in_territory(territory)
        .filter(helper=user, time_claim__isnull=True, receiver__time_account__isnull=False)
        .select_related("receiver")
        .order_by("-happened_on"),
        lambda exchange: Item(
            label=_("You helped %(name)s") % {"name": exchange.receiver.display_name},
            url=url,
            detail=date_format(exchange.happened_on, "j F"),
        ),
    )
    balance = Item(
        label=_("Your balance: %(hours)s") % {"hours": format_minutes(account.balance_minutes)}, url=url
    )
    return [
        Section(_("Hours to confirm"), url, to_confirm, to_confirm_count, waiting=True, order=20),
        Section(_("Hours to declare"), url, to_declare, to_declare_count, waiting=True, order=25),
        Section(_("Time bank"), url, [balance], order=40),
    ]


def desk(request: HttpRequest) -> list[Section]:
    """Disputes to settle and help waiting for an assisted person's answer, in the referent's communes."""
    user, territory = request.user, request.territory
    communes = people_rules.communes_looked_after(user, territory)
    claims = (
        Claim.objects.in_territory(territory)
        .filter(receiver__commune__in=communes)
        .filter(Q(status=ClaimStatus.DISPUTED) | Q(status=ClaimStatus.PENDING, receiver__is_assisted=True))
        .exclude(helper=user)
        .exclude(receiver=user)
        .select_related("helper", "receiver")
        .order_by("created_at")
    )
    url = reverse("timebank:desk_claims")

    def claim_item(claim: Claim) -> Item:
        label = _("%(helper)s helped %(receiver)s for %(duration)s") % {
            "helper": claim.helper.display_name,
            "receiver": claim.receiver.display_name,
            "duration": format_minutes(claim.minutes),
        }
        return Item(label=label, url=url, detail=str(claim.get_status_display()))

    items, count = first_items(claims, claim_item)
    return [Section(_("Hours to settle or confirm"), url, items, count, waiting=True, order=40)]
