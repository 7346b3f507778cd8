import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from entraide.core.jobs import one_at_a_time
from entraide.evaluation import store
from entraide.territories.models import Territory


class Command(BaseCommand):
    help = (
        "The evaluation's periodic jobs: `evaluation refresh` (hourly) stores every figure by commune and "
        "month for the last 13 months, `evaluation refresh-all` (nightly) for five years, so /evaluation/ "
        "reads them at any size."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="Compute and store every figure of every territory.")
        refresh.add_argument("--months", type=int, default=13, help="how many months back (default 13)")
        sub.add_parser("refresh-all", help="The same for five years (the open data's period).")

    @one_at_a_time
    def handle(self, *args, action: str, months: int = 13, **options):
        if action == "refresh-all":
            months = 60
        today = timezone.localdate()
        index = today.year * 12 + today.month - 1 - (months - 1)
        start = datetime.date(index // 12, index % 12 + 1, 1)
        for territory in Territory.objects.order_by("pk"):
            cells = store.refresh(territory, start, today)
            self.stdout.write(f"{territory.name}: {cells} figure cells from {start:%Y-%m}.")
