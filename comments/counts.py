"""Comment counts for any list of commented objects, as one subquery of the list's query."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce

from .models import ThreadedComment


def visible_comments():
    """Comments every reader may see: approved, not removed, not hidden by reports."""
    return ThreadedComment.objects.filter(is_public=True, is_removed=False, is_hidden=False)


def annotate_comment_count(queryset):
    """Annotate `comment_count` (public, not removed comments) on any model's queryset."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    counts = (
        visible_comments()
        .order_by()
        .filter(content_type=content_type, object_pk=Cast(OuterRef("pk"), CharField()))
        .values("object_pk")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(comment_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))
