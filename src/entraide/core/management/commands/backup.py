from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from entraide.core import backups


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one tar file, readable only by its owner: "
        "PATH is a new file or an existing directory (default: var/backups/entraide-DATE.tar). "
        "PostgreSQL needs pg_dump of the server's major version or newer. Safe while the app runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="A new file, or an existing directory.")

    def handle(self, *args, path=None, **options):
        try:
            done = backups.backup(path)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(str(done)))
