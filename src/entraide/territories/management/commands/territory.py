from django.core.management.base import BaseCommand, CommandError

from entraide.territories.services import TerritoryError, create_territory


class Command(BaseCommand):
    help = "Create a territory from the official list: `territory create --epci SIREN` or `--insee CODE …`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a territory and its communes.")
        group = create.add_mutually_exclusive_group(required=True)
        group.add_argument("--epci", help="SIREN of an intercommunality, e.g. 200066124.")
        group.add_argument("--insee", nargs="+", help="INSEE codes of communes, e.g. 81070 81220.")
        create.add_argument("--name", help="Name shown to residents (default: the official name).")
        create.add_argument("--slug", help="Short name (default: derived from the name).")
        create.add_argument("--host", action="append", default=[], help="Host name it is served on.")

    def handle(self, *args, action, **options):
        try:
            territory = create_territory(
                name=options["name"],
                slug=options["slug"],
                epci_siren=options["epci"],
                insee_codes=options["insee"],
                hosts=options["host"],
            )
        except TerritoryError as exc:
            raise CommandError(str(exc)) from exc
        count = territory.communes.count()
        self.stdout.write(self.style.SUCCESS(f"{territory.name}: {count} communes (slug {territory.slug})."))
        self.stdout.write("Add neighbourhoods in the admin (/admin/), then a referent per commune.")
