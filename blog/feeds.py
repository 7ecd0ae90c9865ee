"""RSS 2.0 and Atom feeds: every post, one category, one tag; the comments on one post.

Feed readers show a post away from this site, so every URL in a feed is absolute (on
settings.SITE_URL, like the canonical link on the post page: never the request's Host
header, which anyone can set) and each entry carries
the post's full body: the sanitised HTML stored in Post.body_html, re-cleaned with nh3
so that relative links and images become absolute and our video players become links.
"""

import copy
import re
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.urlcache import absolute_url

from .markdown import sanitize
from .models import Category, Post, Tag

FEED_SIZE = 20
COMMENTS_FEED_SIZE = 50

# Our own video player markup (blog.markdown._embed_html): a reader gets a link instead.
_EMBED_RE = re.compile(r'<div class="video-embed" data-src="([^"]+)"[^>]*>.*?</div>', re.DOTALL)


def absolute_html(html, base_url):
    """Sanitised `html` with every href and src made absolute against `base_url`."""
    html = _EMBED_RE.sub(lambda m: f'<p><a href="{m[1]}">{escape(_("Watch the video"))}</a></p>', html)

    def absolutise(element, attribute, value):
        if attribute in {"href", "src"}:
            return urljoin(base_url, value)
        return value

    return sanitize(html, attribute_filter=absolutise)


class FullContentRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the full body in <content:encoded>, the excerpt in <description>."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class FullContentAtomFeed(Atom1Feed):
    """Atom with the full body in <content type="html">, the excerpt in <summary>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class RequestFeed(Feed):
    """A Feed that knows its request: each request works on its own shallow copy, so
    threads never share state. Absolute URLs are on settings.SITE_URL."""

    language = settings.LANGUAGE_CODE

    def __call__(self, request, *args, **kwargs):
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def absolute(self, path):
        return absolute_url(path)

    def feed_url(self, obj=None):
        return self.absolute(self.request.path)


class PostFeed(RequestFeed):
    feed_type = FullContentRssFeed

    def title(self, obj=None):
        return settings.SITE_NAME

    def description(self, obj=None):
        return settings.SITE_DESCRIPTION

    def link(self, obj=None):
        return self.absolute(reverse("blog:index"))

    def author_name(self, obj=None):
        return settings.SITE_NAME

    def filter_posts(self, queryset, obj):
        return queryset

    def items(self, obj=None):
        posts = Post.objects.published().select_related("author", "category").prefetch_related("tags")
        return self.filter_posts(posts, obj).order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return self.absolute(item.get_absolute_url())

    def item_description(self, item):
        return escape(item.excerpt)

    def item_author_name(self, item):
        return item.author.display_name

    def item_author_link(self, item):
        return self.absolute(reverse("blog:author", kwargs={"username": item.author.username}))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item):
        names = [item.category.name] if item.category_id else []
        return names + [tag.name for tag in item.tags.all()]

    def item_extra_kwargs(self, item):
        body = item.body_html
        if item.cover_image:
            cover = (
                f'<p><img src="{escape(item.cover_image.url)}" alt="{escape(item.cover_alt)}"'
                + (f' width="{item.cover_width}" height="{item.cover_height}"' if item.cover_width else "")
                + "></p>"
            )
            body = cover + body
        return {"content_html": absolute_html(body, self.item_link(item))}


class TermFeed(PostFeed):
    """The posts filed under one category or tag, looked up by its slug."""

    model = None  # Category or Tag
    post_field = None  # how a post names it: "category" or "tags"
    title_format = "{site} · {name}"

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def title(self, obj):
        return self.title_format.format(site=settings.SITE_NAME, name=obj.name)

    def link(self, obj):
        return self.absolute(obj.get_absolute_url())

    def filter_posts(self, queryset, obj):
        return queryset.filter(**{self.post_field: obj})


class CategoryFeed(TermFeed):
    model, post_field = Category, "category"

    def description(self, obj):
        return obj.description or _("Posts in %(name)s") % {"name": obj.name}


class TagFeed(TermFeed):
    model, post_field = Tag, "tags"
    title_format = "{site} · #{name}"

    def description(self, obj):
        return _("Posts tagged %(name)s") % {"name": obj.name}


class AtomFeed:
    """Mixed in before one of the RSS feeds above: the same entries as Atom 1.0, whose
    subtitle is what RSS calls the description."""

    feed_type = FullContentAtomFeed

    def subtitle(self, obj):
        return self.description(obj)


class PostAtomFeed(AtomFeed, PostFeed):
    pass


class CategoryAtomFeed(AtomFeed, CategoryFeed):
    pass


class TagAtomFeed(AtomFeed, TagFeed):
    pass


class PostCommentsFeed(RequestFeed):
    """The newest public comments on one published post. Secret comments (readable only by
    the post's author and the commenter) and removed ones never appear here."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, slug):
        return get_object_or_404(Post.objects.published(), slug=slug)

    def title(self, obj):
        return _("Comments on “%(title)s”") % {"title": obj.title}

    def description(self, obj):
        return _("New comments on “%(title)s” at %(site)s") % {
            "title": obj.title,
            "site": settings.SITE_NAME,
        }

    def link(self, obj):
        return self.absolute(obj.get_absolute_url()) + "#comments"

    def items(self, obj):
        from comments.counts import visible_comments

        comments = visible_comments().filter(
            content_type=ContentType.objects.get_for_model(Post),
            object_pk=str(obj.pk),
            is_secret=False,
        )
        return comments.select_related("user").order_by("-submit_date", "-pk")[:COMMENTS_FEED_SIZE]

    def item_title(self, item):
        return f"{item.name}: {Truncator(item.comment).chars(40)}"

    def item_description(self, item):
        return linebreaks(escape(item.comment))

    def item_link(self, item):
        # The comments app's permalink: redirects to the right page of the thread.
        return self.absolute(item.get_absolute_url())

    def item_author_name(self, item):
        return item.name

    def item_pubdate(self, item):
        return item.submit_date
