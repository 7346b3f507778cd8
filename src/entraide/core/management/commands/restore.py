from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from entraide.core import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by `entraide backup` into the database of DATABASE_URL (and MEDIA_ROOT). "
        "Every file is checked against the backup's manifest first; a database that already has tables "
        "is refused unless --force. Stop the app first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file (entraide-DATE.tar).")
        parser.add_argument(
            "--force", action="store_true", help="Replace the contents of a database that is not empty."
        )

    def handle(self, *args, path, force=False, **options):
        try:
            done = backups.restore(path, force=force)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(str(done)))
