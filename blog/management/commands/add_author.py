from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.crypto import get_random_string

from blog.authors import set_role


class Command(BaseCommand):
    help = "Add an author (staff, in the Authors group) who can log in to /admin/ and write."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--nickname", default="")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password", default="", help="Default: a random one, printed once (only its hash is stored)."
        )

    def handle(self, username, nickname, email, password, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A member called {username!r} already exists.")
        printed = not password
        password = password or get_random_string(16)
        with transaction.atomic():
            user = User(username=username, nickname=nickname or username, email=email)
            user.set_password(password)
            user.full_clean(exclude=["password"])
            user.save()
            set_role(user, "author")
        self.stdout.write(f"Author {username} added; they log in at /admin/.")
        if printed:
            self.stdout.write(f"Password: {password}")
