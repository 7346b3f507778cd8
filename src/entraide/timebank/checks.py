"""The ledger check: stored balances against entries, transfers and territories against zero."""

from django.db.models import F, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce

from .models import Account, Entry


def check_ledger(territories) -> list[str]:
    """Every difference found, one line each, naming the account or transfer; empty when all is well."""
    problems = []
    for territory in territories:
        accounts = (
            Account.objects.in_territory(territory)
            .annotate(total=Coalesce(Sum("entries__amount_minutes"), Value(0), output_field=IntegerField()))
            .filter(~Q(balance_minutes=F("total")))
            .select_related("owner")
        )
        for account in accounts:
            problems.append(
                f"[{territory.slug}] account {account.public_id} ({account.label}): stored balance "
                f"{account.balance_minutes} min, entries sum to {account.total} min"
            )
        unbalanced = (
            Entry.objects.in_territory(territory)
            .values("transfer__public_id")
            .annotate(total=Sum("amount_minutes"))
            .exclude(total=0)
        )
        for row in unbalanced:
            problems.append(
                f"[{territory.slug}] transfer {row['transfer__public_id']}: entries sum to {row['total']} min"
            )
        total = Account.objects.in_territory(territory).aggregate(total=Sum("balance_minutes"))["total"] or 0
        if total != 0:
            problems.append(f"[{territory.slug}] balances sum to {total} min instead of 0")
    return problems
