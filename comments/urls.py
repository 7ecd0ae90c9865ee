"""Mounted at the site root (config/urls.py, before the blog): everything under /comments/
plus the moderation queue at /moderation/ and the guestbook at /guestbook/."""

from django.urls import include, path

from . import views

app_name = "comments"

comment_patterns = [
    path("post/", views.post_comment, name="post"),
    path("<int:comment_id>/", views.permalink, name="permalink"),
    path("<int:comment_id>/reply/", views.reply, name="reply"),
    path("<int:comment_id>/edit/", views.edit, name="edit"),
    path("<int:comment_id>/delete/", views.delete, name="delete"),
    path("<int:comment_id>/password/", views.password, name="password"),
    path("<int:comment_id>/report/", views.report, name="report"),
    path("<int:comment_id>/history/", views.history, name="history"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

urlpatterns = [
    path("comments/", include(comment_patterns)),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("guestbook/", views.guestbook, name="guestbook"),
]
