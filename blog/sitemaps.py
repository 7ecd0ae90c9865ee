"""/sitemap.xml: a sitemap index pointing at /sitemap-<section>.xml parts: the home page,
every published post (with lastmod) in parts of SITEMAP_PART_SIZE URLs (?p=2, 3 …: one
sitemap file may hold at most 50,000 URLs, so a single file silently dropped every post
after the 50,000th), categories, tags and author pages that have published posts. Drafts
and scheduled posts never appear: everything starts from Post.objects.published().

The posts' parts are the expensive ones at scale (100,000 posts: ten parts) and are built
without Django's Sitemap machinery, which made a model instance, a reverse() and a template
loop iteration per URL (3.3 s a part; 4.6 s the index, which also walked every item):
- part N holds the published posts whose id is in [(N - 1) * SITEMAP_PART_SIZE,
  N * SITEMAP_PART_SIZE): never more than the part size, every post in exactly one part, and
  a post never moves to another part, so each part's lastmod tells a crawler which to refetch;
- the index needs only each part's lastmod: one query grouping the published posts by part on
  the (status, published_at, id, updated_at) index alone (post_parts);
- a part is one primary-key range query of the slug and the lastmod as a date, written out
  by a Jinja2 template (compiled to Python) with URLs joined around a once-reversed pattern.

Every part is rendered once per posts version (blog/freshness.py) and served from the
shared cache until a post changes.

URLs are on settings.SITE_URL, like the canonical links and feeds: never the request's Host
header (anyone can send any), nor the Site object's domain (which would have to be kept in
step with every deployment by hand)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap
from django.db.models import Exists, F, Max, OuterRef, Subquery
from django.db.models.functions import Greatest, TruncDate
from django.http import Http404, HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import reverse

from core.urlcache import quote_path, url_maker

from . import freshness
from .models import Category, Post, Tag, TaggedPost

SITEMAP_PART_SIZE = 10_000  # blog migration 0012 keeps statistics on id / 10000: change both


class RequestSitemap(Sitemap):
    def __init__(self, request):
        self.request = request

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


# -- posts ----------------------------------------------------------------------------
def post_parts():
    """{part number: lastmod} of the posts' sitemap, in order. Part N lists the published
    posts whose id is in [(N - 1) * SITEMAP_PART_SIZE, N * SITEMAP_PART_SIZE): never more
    than SITEMAP_PART_SIZE URLs, every post in exactly one part, and a post never moves to
    another part (a crawler refetches only the parts whose lastmod changed). A part's
    lastmod is the latest publication or edit of its posts. One query, grouping on the
    (status, published_at, id, updated_at) index alone; cached per posts version. Parts whose
    posts are all drafts or deleted are simply not listed."""

    def compute():
        size = SITEMAP_PART_SIZE
        rows = (
            Post.objects.published()
            .order_by()
            .annotate(block=F("pk") / size)
            .values("block")
            .annotate(published=Max("published_at"), updated=Max("updated_at"))
            .order_by("block")
        )
        return {row["block"] + 1: max(row["published"], row["updated"]) for row in rows}

    return freshness.cached(f"sitemap-post-blocks:{SITEMAP_PART_SIZE}", compute)


def post_part_urls(number):
    """[(absolute URL, lastmod "YYYY-MM-DD")] of part `number`, read by primary key range:
    two columns and no model instance (the database gives the lastmod as a local date, the
    later of publication and last edit), the URL joined around a pattern reversed once."""
    size = SITEMAP_PART_SIZE
    rows = (
        Post.objects.published()
        .filter(pk__gte=(number - 1) * size, pk__lt=number * size)
        .order_by("pk")
        .values_list("slug", TruncDate(Greatest("published_at", "updated_at")))
    )
    prefix, suffix = url_maker("blog:post", "slug", kind=str)
    prefix = settings.SITE_URL.rstrip("/") + prefix
    return [(f"{prefix}{quote_path(slug)}{suffix}", lastmod.isoformat()) for slug, lastmod in rows]


def render_post_part(number):
    urls = post_part_urls(number)
    if not urls:
        raise Http404
    return engines["jinja2"].get_template("blog/sitemap_posts.jinja").render({"urls": urls}).encode()


def latest_post_change():
    """The latest publication or edit of any published post (None: no posts)."""
    return max(post_parts().values(), default=None)


# -- the small sections ---------------------------------------------------------------
class StaticSitemap(RequestSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["blog:index"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return latest_post_change()

    def get_latest_lastmod(self):
        return self.lastmod(None)


class CategorySitemap(RequestSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        """Categories with a published post, lastmod the newest publication in each: one
        backward step on the (category, published_at, id) index per category. (Counting
        and taking the latest edit over every post of every category took 2.4 s at
        100,000 posts; the page lists its newest posts first, which is what changes it.)"""
        newest = (
            Post.objects.published()
            .filter(category=OuterRef("pk"))
            .order_by("-published_at", "-pk")
            .values("published_at")[:1]
        )
        return (
            Category.objects.annotate(latest=Subquery(newest))
            .filter(latest__isnull=False)
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


SECTIONS = ("pages", "posts", "categories", "tags", "authors")
SITEMAPS = {
    "pages": StaticSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


# -- views ----------------------------------------------------------------------------
def _part_number(request):
    """?p=N as an int ≥ 1, else Http404 (what Django's sitemap view answers too)."""
    value = request.GET.get("p", "1")
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 100_000:
        raise Http404
    return int(value)


def _cached_xml(name, number, render):
    """The XML `render()` returns (bytes), cached per part and posts version (URLs are on
    settings.SITE_URL, the same for every request)."""
    content = freshness.cached(f"sitemap:{name}:{number}", render)
    return HttpResponse(content, content_type="application/xml")


def sitemap_index_view(request):
    """/sitemap.xml: the index of the parts. Django's own index view names the Site
    object's domain; the parts here live on settings.SITE_URL like everything else."""

    def render():
        items = []
        for section in SECTIONS:
            url = settings.SITE_URL.rstrip("/") + reverse("sitemap_part", kwargs={"section": section})
            if section == "posts":
                items.extend(
                    SitemapIndexItem(url if n == 1 else f"{url}?p={n}", lastmod)
                    for n, lastmod in post_parts().items()
                )
                continue
            part = SITEMAPS[section](request)
            lastmod = part.get_latest_lastmod()
            items.append(SitemapIndexItem(url, lastmod))
            items.extend(
                SitemapIndexItem(f"{url}?p={n}", lastmod) for n in range(2, part.paginator.num_pages + 1)
            )
        response = TemplateResponse(
            request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
        )
        return response.render().content

    return _cached_xml("index", 1, render)


def sitemap_part_view(request, section):
    """/sitemap-<section>.xml[?p=N]: one part."""
    if section not in SECTIONS:
        raise Http404
    number = _part_number(request)
    if section == "posts":
        return _cached_xml(section, number, lambda: render_post_part(number))
    sitemaps = {section: SITEMAPS[section](request)}
    return _cached_xml(
        section, number, lambda: sitemap(request, sitemaps=sitemaps, section=section).render().content
    )
