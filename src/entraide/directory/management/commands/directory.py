from django.core.management.base import BaseCommand

from entraide.core.jobs import one_at_a_time
from entraide.directory import services
from entraide.directory.models import Initiative
from entraide.territories.models import Territory


class Command(BaseCommand):
    help = "The directory's periodic jobs: `directory remind-stale` (daily)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "remind-stale",
            help="Ask the holders of entries not checked for 12 months to confirm them (at most monthly), "
            "and list those entries (the referents see them at /initiatives/a-verifier/).",
        )

    @one_at_a_time
    def handle(self, *args, action: str, **options):
        if action == "remind-stale":
            for territory in Territory.objects.order_by("slug"):
                sent, asked = services.remind_stale_holders(territory)
                stale = Initiative.objects.in_territory(territory).stale().select_related("commune")
                stale = stale.order_by("last_checked_on", "name")
                self.stdout.write(
                    f"{territory.slug}: {sent} email(s) sent to the holders of {len(asked)} entr(y/ies); "
                    f"{stale.count()} entr(y/ies) not checked for 12 months:"
                )
                for i in stale:
                    reminded = i.holders_reminded_on.isoformat() if i.holders_reminded_on else "-"
                    self.stdout.write(
                        f"  {i.last_checked_on.isoformat()}  {i.name} ({i.commune.name})"
                        f"  holders asked: {reminded}"
                    )
