from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "core"

    def ready(self):
        from django.contrib.auth.models import Group
        from django.utils.translation import gettext

        from . import log, logs  # noqa: F401  (logs connects the request-log receivers)

        log.install()
        # Groups keep stable English names in the database (migrations and code refer to
        # them); wherever the admin shows one, people read it in their language
        # ("Authors" → 글쓴이, "Moderators" → 관리자 in the catalogue).
        Group.__str__ = lambda group: gettext(group.name)

        from django.db.models.signals import post_migrate

        post_migrate.connect(sync_site, dispatch_uid="core.sync_site")


def sync_site(sender=None, using="default", **kwargs):
    """The Sites framework's record (used by django-comments' permalinks and anything that
    asks for the current site) follows SITE_URL and SITE_NAME after every migrate, so no
    page or email ever says example.com."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.contrib.sites.models import Site

    if sender is None or sender.name != "django.contrib.sites":
        return
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain[:100], "name": settings.SITE_NAME[:50]}
    )
    Site.objects.clear_cache()
