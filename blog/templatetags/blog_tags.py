from django import template
from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from .. import freshness
from ..models import Category, Post

register = template.Library()


def sidebar_data():
    """Categories and months with their post counts: two aggregates over every published
    post (about 400 ms at 100,000 posts), so computed once per posts version."""
    published = Post.objects.published()
    categories = list(
        Category.objects.annotate(post_count=Count("posts", filter=Q(posts__in=published)))
        .filter(post_count__gt=0)
        .values("name", "slug", "post_count")
    )
    months = list(
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
    return {"categories": categories, "months": months, "years": years}


@register.inclusion_tag("blog/_sidebar.html")
def blog_sidebar():
    """The sidebar: no query while the posts have not changed."""
    context = dict(freshness.cached("sidebar", sidebar_data))
    if settings.BLOG_SIDEBAR_VISITS:
        # Optional (a setting): Tistory-style visitor counts, as last flushed to the database
        # (they change with visits, not posts: never in the cached part).
        from ..visits import stats

        context["visitors"] = stats()["blog"]
    return context
