from django import template
from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.safestring import mark_safe

from core.fragments import reader_settings, templates_version

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


SIDEBAR_TEMPLATE = "blog/_sidebar.html"


@register.simple_tag(takes_context=True)
def blog_sidebar(context):
    """The sidebar: the same for every reader, so kept as HTML under the posts version
    (per language, time zone, URL prefix and template): no query and no rendering while
    the posts have not changed. With the optional visitor counts (a setting; they change
    with visits, not posts) the counts, as last flushed to the database, are rendered on
    every page around the cached data."""
    template = context.template.engine.get_template(SIDEBAR_TEMPLATE)

    def render(**extra):
        return template.render(context.new({**freshness.cached("sidebar", sidebar_data), **extra}))

    if settings.BLOG_SIDEBAR_VISITS:
        from ..visits import stats

        return render(visitors=stats()["blog"])
    reader = (*reader_settings(), templates_version(SIDEBAR_TEMPLATE))
    return mark_safe(freshness.cached(f"sidebar-html:{reader}", lambda: str(render())))
