from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView

from . import freshness, likes, visits
from .models import Category, Post, Tag, with_comment_counts
from .search import SearchQuery, highlight, search_posts, snippet
from .seo import post_seo


class PostListView(ListView):
    """Every post list (index, category, tag, archive, author) is this view with a filter."""

    template_name = "blog/post_list.html"
    context_object_name = "posts"
    paginate_by = settings.BLOG_POSTS_PER_PAGE
    heading = ""

    def filter_posts(self, queryset):
        return queryset

    def get_queryset(self):
        return self.filter_posts(Post.objects.published()).for_listing()

    def paginate_queryset(self, queryset, page_size):
        paginator, page, posts, is_paginated = super().paginate_queryset(queryset, page_size)
        # A deep page (page 500: OFFSET 4,990) first finds its ten ids on the index alone,
        # then reads those rows with their author and category; joining every skipped row
        # took 44 ms at 100,000 posts. Comment counts for the shown rows only, likewise.
        start = page.start_index() - 1 if paginator.count else 0
        ids = list(queryset.values_list("pk", flat=True)[start : start + page_size])
        rows = {post.pk: post for post in queryset.model.objects.filter(pk__in=ids).for_listing()}
        page.object_list = posts = with_comment_counts([rows[pk] for pk in ids if pk in rows])
        return paginator, page, posts, is_paginated

    def get_paginator(self, queryset, per_page, **kwargs):
        # The number of matching posts is the same until a post changes: counted once per
        # posts version instead of a count(*) over the whole list on every page view.
        key = f"list-count:{type(self).__name__}:{sorted(self.kwargs.items())}"
        count = freshness.cached(key, queryset.order_by().count)
        return CountedPaginator(queryset, per_page, count=count, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.get_heading()
        return context

    def get_heading(self):
        return self.heading


class IndexView(PostListView):
    pass


class TermView(PostListView):
    """The posts filed under one category or tag (looked up by its slug), with that list's
    own feed."""

    model = None  # Category or Tag
    post_field = None  # how a post names it: "category" or "tags"
    heading_format = None  # "…: %(name)s"
    feed_url_name = None

    def filter_posts(self, queryset):
        self.term = get_object_or_404(self.model, slug=self.kwargs["slug"])
        return queryset.filter(**{self.post_field: self.term})

    def get_heading(self):
        return self.heading_format % {"name": self.term.name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["list_feed_url"] = reverse(self.feed_url_name, kwargs={"slug": self.term.slug})
        context["list_feed_title"] = self.get_heading()
        return context


class CategoryView(TermView):
    model, post_field, feed_url_name = Category, "category", "blog:category_feed"
    heading_format = gettext_lazy("Category: %(name)s")


class TagView(TermView):
    model, post_field, feed_url_name = Tag, "tags", "blog:tag_feed"
    heading_format = gettext_lazy("Tag: %(name)s")


class YearArchiveView(PostListView):
    def filter_posts(self, queryset):
        year = self.kwargs["year"]
        if not 1900 <= year <= 9999:
            raise Http404
        start = timezone.make_aware(datetime(year, 1, 1))
        return queryset.published_between(start, timezone.make_aware(datetime(year + 1, 1, 1)))

    def get_heading(self):
        return _("Archive: %(year)d") % {"year": self.kwargs["year"]}


class MonthArchiveView(PostListView):
    def filter_posts(self, queryset):
        year, month = self.kwargs["year"], self.kwargs["month"]
        if not 1 <= month <= 12 or not 1900 <= year <= 9999:
            raise Http404
        start = timezone.make_aware(datetime(year, month, 1))
        end = datetime(year + 1, 1, 1) if month == 12 else datetime(year, month + 1, 1)
        return queryset.published_between(start, timezone.make_aware(end))

    def get_heading(self):
        return _("Archive: %(year)d.%(month)02d") % {
            "year": self.kwargs["year"],
            "month": self.kwargs["month"],
        }


class AuthorView(PostListView):
    template_name = "blog/author.html"

    def filter_posts(self, queryset):
        self.author = get_object_or_404(get_user_model(), username=self.kwargs["username"])
        return queryset.filter(author=self.author)

    def get_heading(self):
        return self.author.display_name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["author"] = self.author
        return context


class PostDetailView(DetailView):
    template_name = "blog/post_detail.html"
    context_object_name = "post"

    def get_queryset(self):
        return Post.objects.visible_to(self.request.user).select_related("author", "category")

    def get_object(self, queryset=None):
        if queryset is None and getattr(self.request, "is_public_page", False):
            # An anonymous reader (core.public) sees a published post as every other does:
            # the row with its author and category is kept under the posts version (any post
            # saved, or its author's name, avatar or bio changed, renews it) for as long as
            # the page cache keeps a page; a 공감 drops it (blog.likes).
            slug = self.kwargs[self.slug_url_kwarg]
            post = freshness.cached(
                freshness.shared_post_name(slug),
                lambda: self.get_queryset().filter(slug=slug).first(),
                timeout=settings.PAGE_CACHE_SECONDS,
            )
            if post is None:
                raise Http404  # asked once: the same query again would find nothing either
            return post
        return super().get_object(queryset)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_published:
            # Drafts and scheduled posts: a private preview, never stored by any cache.
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.object
        # What surrounds the post (tags, previous/next, related posts) changes only when a
        # post does: cached under the posts version, none of it costs a query when warm.
        # The reader's own like is one query (none for a guest who never liked anything).
        tags, (post.previous, post.next), context["related_posts"] = freshness.cached(
            f"post-surroundings:{post.pk}", lambda: post_surroundings(post)
        )
        context["is_preview"] = not post.is_published
        context["can_edit"] = post.is_editable_by(self.request.user)
        context["tags"] = tags
        context["liked"] = likes.has_liked(post, likes.Liker(self.request))
        context.update(post_seo(self.request, post))
        return context


def post_surroundings(post):
    tags = list(post.tags.all())
    return tags, post.neighbours(), post.related_posts(tag_ids=[tag.pk for tag in tags])


class CountedPaginator(Paginator):
    """A paginator told its count instead of asking the database."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self.count = count


class SearchView(ListView):
    """/search/?q=: published posts matching every word, best first, with snippets."""

    template_name = "blog/search.html"
    context_object_name = "results"
    paginate_by = settings.BLOG_POSTS_PER_PAGE

    def get_queryset(self):
        self.query = SearchQuery(self.request.GET.get("q", ""))
        return search_posts(self.query).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        terms = self.query.all_variants
        context["results"] = context["page_obj"].object_list = with_comment_counts(context["results"])
        for post in context["results"]:
            post.title_highlighted = highlight(post.title, terms)
            post.snippet = snippet(post, terms)
        context["search_query"] = self.query
        return context

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            # A page past the end (or not a number): the first page, not an error page.
            self.kwargs["page"] = 1
            return super().paginate_queryset(queryset, page_size)


@require_POST
def post_like(request, slug):
    """Like or unlike a post. A form POST without JavaScript (answered with a redirect
    back to the post), or fetch() with JavaScript (answered with JSON)."""
    post = get_object_or_404(Post.objects.published(), slug=slug)
    wants_json = "application/json" in request.headers.get("Accept", "")
    choice = request.POST.get("choice")  # what the button offered: "like" or "unlike"
    liker = likes.Liker(request)
    if choice not in {"like", "unlike"}:
        choice = "unlike" if likes.has_liked(post, liker) else "like"
    try:
        liked, count = likes.set_like(post, liker, choice == "like")
    except likes.TooManyGuestLikes:
        message = _("Too many likes from your network for this post. Log in to like it.")
        if wants_json:
            return JsonResponse({"error": message}, status=429)
        messages.error(request, message)
        return redirect(f"{post.get_absolute_url()}#like")
    if wants_json:
        response = JsonResponse({"liked": liked, "count": count})
    else:
        response = redirect(f"{post.get_absolute_url()}#like")
    patch_cache_control(response, no_store=True)
    return liker.remember(response)


@csrf_exempt  # a beacon changes no one's data and carries no session: nothing to forge
@require_POST
def visit_beacon(request):
    """Sent by static/js/visits.js once a page (perhaps from the page cache) has loaded:
    counts the visit (blog.visits) and answers 204 whatever happened."""
    post_id = request.POST.get("post", "")
    post_id = int(post_id) if post_id.isdigit() and len(post_id) <= 12 else None
    # Browsers send Origin with a beacon: one from another site's page is not our visitor.
    origin = request.headers.get("Origin")
    if not origin or urlsplit(origin).netloc == request.get_host():
        visits.record(request, post_id)
    response = HttpResponse(status=204)
    patch_cache_control(response, no_store=True)
    return response


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
