"""Create the site's first superuser with a random password and print it once.

The password is shown only when it is generated (or reset with --reset); afterwards only
its hash exists, so a later run just reminds how to get a new one."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the admin account once and print its login; --reset gives it a new password."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--reset", action="store_true", help="set and print a new password")
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/admin/", help="the admin's address, as printed"
        )

    def handle(self, *args, username, reset, url, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user and not reset:
            self.stdout.write(
                f"Admin login: {url}  username: {username}  (password was printed when it was "
                "created; `make admin-password` prints a new one)"
            )
            return
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User(username=username, nickname="관리자", is_staff=True, is_superuser=True)
        user.set_password(password)
        user.save()
        line = "=" * 64
        self.stdout.write(
            f"{line}\nAdmin login: {url}\n  username: {username}\n  password: {password}\n"
            f"(shown only now; `make admin-password` prints a new one)\n{line}"
        )
