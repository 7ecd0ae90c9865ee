from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "core"

    def ready(self):
        from django.contrib.auth.models import Group
        from django.utils.translation import gettext

        from . import log

        log.install()
        # Groups keep stable English names in the database (migrations and code refer to
        # them); wherever the admin shows one, people read it in their language
        # ("Authors" → 글쓴이, "Moderators" → 관리자 in the catalogue).
        Group.__str__ = lambda group: gettext(group.name)
