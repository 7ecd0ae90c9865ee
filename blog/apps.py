from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from . import freshness, search  # noqa: F401  (signal receivers: cache version, search text)
        from .comment_policy import register as register_comment_policy
        from .personal_data import register as register_personal_data

        register_comment_policy()
        register_personal_data()
