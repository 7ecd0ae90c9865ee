"""Tell the page cache (core/public.py) that an object's page changed whenever one of its
comments is posted, edited, deleted, hidden by reports or moderated, and the header's
moderation count that the queue changed.

Every such change either saves or deletes the comment row, or is logged as a
ModerationAction (hiding by reports, remove, keep, approve, reject, block, restore), so
these receivers see all of them, including the ones made with queryset.update(). The
bump happens at once and again after the transaction commits, so a reader who cached the
page in between is not served it afterwards."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.public import bump_path

from .models import CommentReport, ModerationAction, ThreadedComment
from .moderation import queue_changed


def object_changed(content_type_id, object_pk):
    queue_changed()
    transaction.on_commit(queue_changed)
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        obj = model._default_manager.filter(pk=object_pk).first() if model else None
    except (ContentType.DoesNotExist, ValueError):
        obj = None
    path = obj.get_absolute_url() if obj is not None and hasattr(obj, "get_absolute_url") else ""
    bump_path(path)
    transaction.on_commit(lambda: bump_path(path))


@receiver(post_save, sender=ThreadedComment)
@receiver(post_delete, sender=ThreadedComment)
def _comment_changed(sender, instance, **kwargs):
    object_changed(instance.content_type_id, instance.object_pk)


@receiver(post_save, sender=CommentReport)
def _reported(sender, instance, **kwargs):
    queue_changed()
    transaction.on_commit(queue_changed)


@receiver(post_save, sender=ModerationAction)
def _moderated(sender, instance, created, **kwargs):
    if created and instance.content_type_id_ref:
        object_changed(instance.content_type_id_ref, instance.object_pk)
