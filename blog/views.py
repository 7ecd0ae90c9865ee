from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from .models import Category, Post, Tag


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.get_heading()
        return context

    def get_heading(self):
        return self.heading


class IndexView(PostListView):
    pass


class CategoryView(PostListView):
    def filter_posts(self, queryset):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return queryset.filter(category=self.category)

    def get_heading(self):
        return _("Category: %(name)s") % {"name": self.category.name}


class TagView(PostListView):
    def filter_posts(self, queryset):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return queryset.filter(tags=self.tag)

    def get_heading(self):
        return _("Tag: %(name)s") % {"name": self.tag.name}


class MonthArchiveView(PostListView):
    def filter_posts(self, queryset):
        year, month = self.kwargs["year"], self.kwargs["month"]
        if not 1 <= month <= 12 or not 1900 <= year <= 9999:
            raise Http404
        return queryset.filter(published_at__year=year, published_at__month=month)

    def get_heading(self):
        return _("Archive: %(year)d.%(month)02d") % {
            "year": self.kwargs["year"], "month": self.kwargs["month"],
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
        return (
            Post.objects.visible_to(self.request.user)
            .select_related("author", "category")
            .prefetch_related("tags")
        )

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
        context["related_posts"] = list(post.related_posts())
        context["is_preview"] = not post.is_published
        context["can_edit"] = post.is_editable_by(self.request.user)
        return context
