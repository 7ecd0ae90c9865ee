from django.urls import path

from . import feeds, views

app_name = "blog"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    # Fixed paths and the deeper routes first, then the <slug> pages.
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.PostFeed(), name="feed"),
    path("feed/atom/", feeds.PostAtomFeed(), name="feed_atom"),
    path("category/<str:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("category/<str:slug>/feed/atom/", feeds.CategoryAtomFeed(), name="category_feed_atom"),
    path("tag/<str:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tag/<str:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("posts/<str:slug>/comments/feed/", feeds.PostCommentsFeed(), name="post_comments_feed"),
    path("posts/<str:slug>/like/", views.post_like, name="post_like"),
    path("archive/<int:year>/", views.YearArchiveView.as_view(), name="archive_year"),
    path("posts/<str:slug>/", views.PostDetailView.as_view(), name="post"),
    path("category/<str:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("archive/<int:year>/<int:month>/", views.MonthArchiveView.as_view(), name="archive_month"),
    path("author/<str:username>/", views.AuthorView.as_view(), name="author"),
]
