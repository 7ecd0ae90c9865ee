from django.urls import path, register_converter

from . import feeds, views


class SlugTextConverter:
    """A slug or username as the database can look it up: no "/", no control characters
    (PostgreSQL refuses a NUL in a query, a 500 instead of a 404) and at most 200
    characters (Post.slug's length; longer is simply not found)."""

    regex = "[^/\x00-\x1f\x7f]{1,200}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(SlugTextConverter, "slugtext")

app_name = "blog"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    # Fixed paths and the deeper routes first, then the <slug> pages.
    path("search/", views.SearchView.as_view(), name="search"),
    path("visit/", views.visit_beacon, name="visit"),
    path("feed/", feeds.PostFeed(), name="feed"),
    path("feed/atom/", feeds.PostAtomFeed(), name="feed_atom"),
    path("category/<slugtext:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("category/<slugtext:slug>/feed/atom/", feeds.CategoryAtomFeed(), name="category_feed_atom"),
    path("tag/<slugtext:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tag/<slugtext:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("posts/<slugtext:slug>/comments/feed/", feeds.PostCommentsFeed(), name="post_comments_feed"),
    path("posts/<slugtext:slug>/like/", views.post_like, name="post_like"),
    path("archive/<int:year>/", views.YearArchiveView.as_view(), name="archive_year"),
    path("posts/<slugtext:slug>/", views.PostDetailView.as_view(), name="post"),
    path("category/<slugtext:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<slugtext:slug>/", views.TagView.as_view(), name="tag"),
    path("archive/<int:year>/<int:month>/", views.MonthArchiveView.as_view(), name="archive_month"),
    path("author/<slugtext:username>/", views.AuthorView.as_view(), name="author"),
]
