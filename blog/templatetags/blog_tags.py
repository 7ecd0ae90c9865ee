from django import template
from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from ..models import Category, Post

register = template.Library()


@register.inclusion_tag("blog/_sidebar.html")
def blog_sidebar():
    """Categories and the monthly archive with post counts: two queries on every page."""
    published = Post.objects.published()
    categories = Category.objects.annotate(post_count=Count("posts", filter=Q(posts__in=published))).filter(
        post_count__gt=0
    )
    months = (
        published.annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(post_count=Count("pk"))
        .order_by("-month")
    )
    # Years with their total and their months, grouped here from the same query.
    years = []
    for entry in months:
        if not years or years[-1]["year"] != entry["month"].year:
            years.append({"year": entry["month"].year, "post_count": 0, "months": []})
        years[-1]["post_count"] += entry["post_count"]
        years[-1]["months"].append(entry)
    context = {"categories": categories, "months": months, "years": years}
    if settings.BLOG_SIDEBAR_VISITS:
        # Optional (a setting): Tistory-style visitor counts, as last flushed to the database.
        from ..visits import stats

        context["visitors"] = stats()["blog"]
    return context
