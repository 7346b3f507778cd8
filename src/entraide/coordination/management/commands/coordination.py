from django.core.management.base import BaseCommand

from entraide.coordination import services
from entraide.core.jobs import one_at_a_time


class Command(BaseCommand):
    help = "The coordination group's periodic job: `coordination send-agendas` (daily, safe to run twice)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "send-agendas",
            help=f"Email the agenda to the members once, {services.AGENDA_DAYS_BEFORE} days before.",
        )

    @one_at_a_time
    def handle(self, *args, action: str, **options):
        if action == "send-agendas":
            sent = services.send_due_agendas()
            self.stdout.write(f"{sent} agenda(s) sent.")
