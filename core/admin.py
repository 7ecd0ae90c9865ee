"""Admin pieces every app's ModelAdmin may use."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext


class NulSafeChangelistMixin:
    """A NUL in a filter or search (?status__exact=%00) is a 400: PostgreSQL refuses it in
    a query, and the admin does not catch that error (a 500)."""

    def changelist_view(self, request, extra_context=None):
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            return HttpResponseBadRequest(
                gettext("Searches and filters cannot contain a NUL character."),
                content_type="text/plain; charset=utf-8",
            )
        return super().changelist_view(request, extra_context)
