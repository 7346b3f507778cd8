from django.core.management.base import BaseCommand

from entraide.core.jobs import one_at_a_time
from entraide.lending import services


class Command(BaseCommand):
    help = (
        "The lending's daily jobs: `lending remind` reminds each borrower once of a loan that starts "
        "tomorrow; `lending mark-overdue` turns loans not brought back by their end into overdue ones "
        "and reminds the borrower and the owner once (both safe to run twice)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("remind", help="Remind once the borrowers of the loans starting tomorrow.")
        sub.add_parser("mark-overdue", help="Mark late loans overdue; remind once.")

    @one_at_a_time
    def handle(self, *args, action: str, **options):
        if action == "remind":
            sent = services.remind_starts()
            self.stdout.write(f"{sent} reminder(s) queued.")
        elif action == "mark-overdue":
            done = services.mark_overdue()
            self.stdout.write(f"{done} loan(s) marked overdue.")
