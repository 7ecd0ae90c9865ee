from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from . import search  # noqa: F401  (keeps Post.search_text in step with tags)
        from .comment_policy import register as register_comment_policy

        register_comment_policy()
