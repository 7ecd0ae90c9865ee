from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment


class ThreadedComment(XtdComment):
    """Our comment on any content type: xtd's threaded comment, extended by this app."""

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
