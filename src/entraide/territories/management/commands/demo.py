from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from entraide.core.discovery import app_modules
from entraide.territories import demo as territory_demo


class Command(BaseCommand):
    help = (
        "Load the demo territory (Coufouleux, Rabastens, Loupiac) with fictitious people and content. "
        "Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        # Fictitious people get no email: notifications the demo triggers go nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            territory, logins = self.load()
        self.stdout.write(self.style.SUCCESS(f"Demo territory ready: {territory.name}."))
        if not options["quiet_logins"]:
            from entraide.people.demo import PASSWORD

            self.stdout.write(f"Demo logins (password for all: {PASSWORD}):")
            for what, email in logins:
                self.stdout.write(f"  {what:<40} {email}")

    @transaction.atomic
    def load(self):
        territory = territory_demo.load()
        logins = []
        # Each app may add its own demo content in a `demo.py` with `load(territory)`.
        for module in app_modules("demo", exclude=("entraide.territories",)):
            logins += module.load(territory) or []
        return territory, logins
