from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    # Not "Accounts": allauth's app (email addresses) has that name in the admin already.
    verbose_name = _("Members")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .views import record_login_time

        user_logged_in.connect(record_login_time, dispatch_uid="accounts.record_login_time")
