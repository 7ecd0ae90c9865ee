from django.core.management.base import BaseCommand

from blog.visits import flush


class Command(BaseCommand):
    help = "Copy today's and yesterday's visitor counters from the cache into the database (run from cron)."

    def handle(self, **options):
        flush()
