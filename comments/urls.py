"""Mounted at the site root (config/urls.py, before the blog): everything under /comments/
plus the moderation queue at /moderation/ and the guestbook at /guestbook/."""

from django.urls import include, path, register_converter

from .views import addresses, posting, queue, reading, writer


class CommentIdConverter:
    """A comment id as the database can hold it: a 30-digit number is a 404, not an
    OverflowError (a 500) in the database driver."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(CommentIdConverter, "comment_id")

app_name = "comments"

comment_patterns = [
    path("post/", posting.post_comment, name="post"),
    path("<comment_id:comment_id>/", reading.permalink, name="permalink"),
    path("<comment_id:comment_id>/reply/", posting.reply, name="reply"),
    path("<comment_id:comment_id>/edit/", writer.edit, name="edit"),
    path("<comment_id:comment_id>/delete/", writer.delete, name="delete"),
    path("<comment_id:comment_id>/password/", writer.password, name="password"),
    path("<comment_id:comment_id>/report/", writer.report, name="report"),
    path("<comment_id:comment_id>/history/", writer.history, name="history"),
    path("unsubscribe/<str:token>/", reading.unsubscribe, name="unsubscribe"),
    path("confirm/<str:token>/", addresses.confirm_address, name="confirm_address"),
]

urlpatterns = [
    path("comments/", include(comment_patterns)),
    path("moderation/", queue.moderation_queue, name="moderation"),
    path("guestbook/", reading.guestbook, name="guestbook"),
]
