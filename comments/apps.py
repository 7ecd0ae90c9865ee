from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_save
        from django_comments_xtd.models import publish_or_unpublish_on_pre_save

        from . import freshness, personal_data, policy  # noqa: F401  (freshness: page-cache invalidation)
        from .models import Guestbook, ThreadedComment

        # xtd's pre_save hook re-adds a comment's nested_count to its ancestors on every
        # re-save (edit, soft delete, admin save) and hides a removed comment's replies.
        # Our model keeps the tree consistent itself (see ThreadedComment.save).
        pre_save.disconnect(publish_or_unpublish_on_pre_save, sender=ThreadedComment._meta.label)
        pre_save.disconnect(publish_or_unpublish_on_pre_save, sender=ThreadedComment)

        def superuser_ids(guestbook):
            return set(
                get_user_model()
                .objects.filter(is_superuser=True, is_active=True)
                .values_list("pk", flat=True)
            )

        policy.register(Guestbook, owner_ids=superuser_ids)
        personal_data.register()
