"""Comment counts for any list of commented objects: one query for the rows a page shows."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from .models import ThreadedComment


def visible_comments():
    """Comments every reader may see: approved, not removed, not hidden by reports."""
    return ThreadedComment.objects.filter(is_public=True, is_removed=False, is_hidden=False)


def comment_counts(model, pks):
    """{pk: number of visible comments} for these objects of `model`: one query over the
    (content_type_id, object_pk) index, for the rows a page shows only."""
    if not pks:
        return {}
    content_type = ContentType.objects.get_for_model(model)
    rows = (
        visible_comments()
        .order_by()
        .filter(content_type=content_type, object_pk__in=[str(pk) for pk in pks])
        .values("object_pk")
        .annotate(n=Count("pk"))
        .values_list("object_pk", "n")
    )
    field = model._meta.pk
    return {field.to_python(object_pk): n for object_pk, n in rows}
