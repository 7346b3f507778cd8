from django.core.management.base import BaseCommand

from entraide.core.jobs import one_at_a_time
from entraide.people.retention import purge_inactive
from entraide.territories.models import Territory


class Command(BaseCommand):
    help = "People's periodic jobs: `people purge-inactive` (daily)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "purge-inactive",
            help="Warn residents who have not logged in for nearly the territory's retention period, "
            "anonymise those warned a month ago who did not come back, and tell referents about "
            "assisted persons for whom nothing was done (they decide). Safe to run twice.",
        )

    @one_at_a_time
    def handle(self, *args, action: str, **options):
        if action == "purge-inactive":
            for territory in Territory.objects.order_by("slug"):
                outcome = purge_inactive(territory)
                assisted = len({p.pk for people in outcome.referents_told.values() for p in people})
                self.stdout.write(
                    f"{territory.slug}: {len(outcome.warned)} warned, {len(outcome.erased)} anonymised, "
                    f"{len(outcome.referents_told)} referent(s) told about {assisted} assisted person(s) "
                    f"(retention {territory.retention_years} years)."
                )
