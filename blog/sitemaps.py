"""/sitemap.xml: the home page, every published post (with lastmod), categories, tags and
author pages that have published posts. Drafts and scheduled posts never appear: everything
starts from Post.objects.published().

URLs are on settings.SITE_URL, like the canonical links and feeds: never the request's Host
header (anyone can send any), nor the Site object's domain (which would have to be kept in
step with every deployment by hand)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse

from .models import Category, Post, Tag, TaggedPost


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


class PostSitemap(RequestSitemap):
    changefreq = "weekly"
    priority = 0.8

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


def sitemap_view(request):
    """django.contrib.sitemaps' view, URLs on settings.SITE_URL."""
    return sitemap(request, sitemaps={name: cls(request) for name, cls in SITEMAPS.items()})
