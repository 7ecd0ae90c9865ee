"""/sitemap.xml: a sitemap index pointing at /sitemap-<section>.xml parts: the home page,
every published post (with lastmod) in parts of SITEMAP_PART_SIZE URLs (?p=2, 3 …: one
sitemap file may hold at most 50,000 URLs, so a single file silently dropped every post
after the 50,000th), categories, tags and author pages that have published posts. Drafts
and scheduled posts never appear: everything starts from Post.objects.published().

Every part is rendered once per posts version (blog/freshness.py) and served from the
shared cache until a post changes: a 10,000-URL part took about 0.5 s to build.

URLs are on settings.SITE_URL, like the canonical links and feeds: never the request's Host
header (anyone can send any), nor the Site object's domain (which would have to be kept in
step with every deployment by hand)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from . import freshness
from .models import Category, Post, Tag, TaggedPost

SITEMAP_PART_SIZE = 10_000


class RequestSitemap(Sitemap):
    def __init__(self, request):
        self.request = request

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


class StaticSitemap(RequestSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["blog:index"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return Post.objects.published().aggregate(latest=Max("updated_at"))["latest"]

    def get_latest_lastmod(self):
        return self.lastmod(None)


class PostSitemap(RequestSitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = SITEMAP_PART_SIZE

    def get_latest_lastmod(self):
        # Django's default calls lastmod() for every item of every part.
        latest = Post.objects.published().aggregate(updated=Max("updated_at"), published=Max("published_at"))
        return max((value for value in latest.values() if value), default=None)

    def items(self):
        return (
            Post.objects.published()
            .only("slug", "updated_at", "published_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)


class CategorySitemap(RequestSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        published = Post.objects.published()
        return (
            Category.objects.annotate(
                post_count=Count("posts", filter=Q(posts__in=published)),
                latest=Max("posts__updated_at", filter=Q(posts__in=published)),
            )
            .filter(post_count__gt=0)
            .order_by("position", "name")
        )

    def lastmod(self, item):
        return item.latest


class TagSitemap(RequestSitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        tagged_published = TaggedPost.objects.filter(
            tag=OuterRef("pk"), content_object__in=Post.objects.published()
        )
        return Tag.objects.filter(Exists(tagged_published)).order_by("name")


class AuthorSitemap(RequestSitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        published = Post.objects.published().filter(author=OuterRef("pk"))
        return get_user_model().objects.filter(Exists(published)).order_by("username")

    def location(self, item):
        return reverse("blog:author", kwargs={"username": item.username})


SITEMAPS = {
    "pages": StaticSitemap,
    "posts": PostSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


def _cached_xml(request, name, render):
    """The rendered XML of `render()` cached per part and posts version (URLs are on
    settings.SITE_URL, the same for every request)."""
    key = f"sitemap:{name}:{request.GET.get('p', '1')}"
    content = freshness.cached(key, lambda: render().render().content)
    return HttpResponse(content, content_type="application/xml")


def sitemap_index_view(request):
    """/sitemap.xml: the index of the parts. Django's own index view names the Site
    object's domain; the parts here live on settings.SITE_URL like everything else."""

    def render():
        items = []
        for section, cls in SITEMAPS.items():
            part = cls(request)
            url = settings.SITE_URL.rstrip("/") + reverse("sitemap_part", kwargs={"section": section})
            lastmod = part.get_latest_lastmod()
            items.append(SitemapIndexItem(url, lastmod))
            items.extend(
                SitemapIndexItem(f"{url}?p={n}", lastmod) for n in range(2, part.paginator.num_pages + 1)
            )
        return TemplateResponse(
            request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
        )

    return _cached_xml(request, "index", render)


def sitemap_part_view(request, section):
    """/sitemap-<section>.xml[?p=N]: one part."""
    if section not in SITEMAPS:
        raise Http404
    sitemaps = {section: SITEMAPS[section](request)}
    return _cached_xml(request, section, lambda: sitemap(request, sitemaps=sitemaps, section=section))
