from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from core.public import reader_language


class KoreanFirstLocaleMiddleware(LocaleMiddleware):
    """Korean for everyone unless the reader chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so most readers
    abroad (and every headless browser) would get an English blog of Korean posts. Here the
    language comes only from the language cookie set by the switch (django.views.i18n.set_language)."""

    def process_request(self, request):
        translation.activate(reader_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class ContentLengthMiddleware:
    """A request whose Content-Length header is not a number is a 400.

    Django reads the header with int() when a view first touches request.POST or
    request.body (CSRF checks do), so "Content-Length: abc" was a ValueError, a 500.
    nginx and granian (deploy/appserver.py) refuse such requests themselves (400); runserver
    and other servers pass them on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not (isinstance(length, str) and length.isascii() and length.isdigit()):
            return HttpResponseBadRequest(
                _("The request's Content-Length header is not a number."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
