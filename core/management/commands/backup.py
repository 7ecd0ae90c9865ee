from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and every upload into a new folder (see core/backups.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", nargs="?", help="a folder that does not exist yet (default: backups/<time>)"
        )

    def handle(self, folder=None, **options):
        folder = folder or f"backups/{timezone.now():%Y%m%d-%H%M%S}"
        try:
            manifest = backup(folder)
        except (BackupError, FileExistsError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"backup in {folder}: {manifest['database']}, {manifest['media_files']} media files"
        )
