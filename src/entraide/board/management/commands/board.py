from django.core.management.base import BaseCommand

from entraide.board import services
from entraide.core.jobs import one_at_a_time


class Command(BaseCommand):
    help = "The board's periodic jobs: `board send-digests` (daily) and `board expire` (daily)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "send-digests", help="Send each person at most one digest a day of new matching posts."
        )
        sub.add_parser("expire", help="Remind authors a week before expiry; expire posts past their date.")

    @one_at_a_time
    def handle(self, *args, action: str, **options):
        if action == "send-digests":
            sent = services.send_digests()
            self.stdout.write(f"{sent} digest(s) sent.")
        elif action == "expire":
            reminded, expired = services.expire_posts()
            self.stdout.write(f"{reminded} author(s) reminded, {expired} post(s) expired.")
