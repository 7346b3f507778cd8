from django.core.management.base import BaseCommand

from entraide.meetups import services


class Command(BaseCommand):
    help = (
        "The meetups' periodic job: `meetups remind` (hourly or daily, safe to run twice) sends the "
        "reminders of the day before and of the morning, and makes the repeating meetups' dates a year ahead."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("remind", help="Send due reminders once each; extend repeating meetups' dates.")

    def handle(self, *args, action: str, **options):
        if action == "remind":
            made = services.extend_occurrences()
            sent = services.send_reminders()
            self.stdout.write(f"{sent} reminder(s) sent, {made} date(s) made.")
