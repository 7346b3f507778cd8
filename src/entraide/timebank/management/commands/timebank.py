import sys

from django.core.management.base import BaseCommand, CommandError

from entraide.core.jobs import one_at_a_time
from entraide.territories.models import Territory
from entraide.timebank.checks import RULES, allowed_exceptions, check_ledger
from entraide.timebank.services import remind_and_confirm_due


class Command(BaseCommand):
    help = (
        "Time bank: `timebank check` verifies every rule of the ledger (exits non-zero with one line "
        "per fault, naming the rule and the account, transfer or claim); `timebank confirm-due` sends "
        "reminders and confirms unanswered help after the delay."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Verify the ledger's rules: " + ", ".join(RULES) + ".")
        check.add_argument("--territory", help="Slug of one territory (default: all).")
        due = sub.add_parser("confirm-due", help="Remind and auto-confirm unanswered help (run daily).")
        due.add_argument("--territory", help="Slug of one territory (default: all).")

    @one_at_a_time
    def handle(self, *args, action, territory=None, **options):
        territories = Territory.objects.all()
        if territory:
            territories = territories.filter(slug=territory)
            if not territories.exists():
                raise CommandError(f"No territory with slug {territory!r}.")
        if action == "check":
            problems = check_ledger(territories)
            for line in allowed_exceptions(territories):
                self.stdout.write(line)
            if problems:
                for problem in problems:
                    self.stderr.write(problem)
                rules = sorted({problem.split("] ", 1)[1].split(":", 1)[0] for problem in problems})
                self.stderr.write(
                    f"Time bank ledger: {len(problems)} fault(s), rules broken: {', '.join(rules)}."
                )
                sys.exit(1)
            self.stdout.write(self.style.SUCCESS("Time bank ledger: OK, every rule holds."))
        else:
            for each in territories:
                counts = remind_and_confirm_due(each)
                self.stdout.write(
                    f"{each.slug}: {counts['reminded']} reminded, {counts['confirmed']} confirmed, "
                    f"{counts['refused']} could not be confirmed."
                )
