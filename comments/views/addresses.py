"""The page a confirmation link opens: one button, so that mail scanners that open every
link in a message confirm nothing; the POST confirms the address for reply notifications."""

from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import addresses
from .base import mail_link_page


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_address(request, token):
    email = addresses.email_from_token(token)
    return mail_link_page(
        request,
        email,
        _("This confirmation link is not valid or has expired. Copy the whole link from the email."),
        addresses.confirm,
        "comments/confirm_address.html",
        {"email": email},
    )
