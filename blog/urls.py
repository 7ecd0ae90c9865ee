from django.urls import path

from . import views

app_name = "blog"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("posts/<str:slug>/", views.PostDetailView.as_view(), name="post"),
    path("category/<str:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("archive/<int:year>/<int:month>/", views.MonthArchiveView.as_view(), name="archive_month"),
    path("author/<str:username>/", views.AuthorView.as_view(), name="author"),
]
