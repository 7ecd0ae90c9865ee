from django import template
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from ..models import Category, Post

register = template.Library()


@register.inclusion_tag("blog/_sidebar.html")
def blog_sidebar():
    """Categories and the monthly archive with post counts: two queries on every page."""
    published = Post.objects.published()
    categories = Category.objects.annotate(
        post_count=Count("posts", filter=Q(posts__in=published))
    ).filter(post_count__gt=0)
    months = (
        published.annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(post_count=Count("pk"))
        .order_by("-month")
    )
    return {"categories": categories, "months": months}
