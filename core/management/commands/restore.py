from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and put the uploads back from a backup folder (manage.py backup)."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--yes", action="store_true", help="do not ask: the database is replaced")

    def handle(self, folder, yes=False, **options):
        if not yes and input("The database will be replaced by the backup. Type 'yes': ").strip() != "yes":
            raise CommandError("not restored")
        try:
            result = restore(folder)
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {result['database']} and {result['restored_media_files']} media files")
