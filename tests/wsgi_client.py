"""Django's test client, but through `config.wsgi.application`, the entry point the app
server (deploy/appserver.py) calls: what happens in front of Django's handler (the page
cache's hit path, core.public.PageCacheApplication) is then tested too. Responses are
HttpResponse objects as the test client gives them (headers, content, cookies)."""

from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import Client

from config.wsgi import application


class ThroughWSGIApplication:
    """A test client handler calling the WSGI application the way a WSGI server does."""

    def __call__(self, environ):
        answered = {}
        request = WSGIRequest(environ.copy())  # for the test client's response.wsgi_request

        def start_response(status, headers, exc_info=None):
            answered.update(status=int(status.split()[0]), headers=headers)

        # As Django's ClientHandler does: the test's database connection (inside the test's
        # transaction) must not be closed by the request's start and end signals.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            body = application(environ, start_response)
            try:
                content = b"".join(body)
            finally:
                if hasattr(body, "close"):
                    body.close()  # as a WSGI server does; Django sends request_finished
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        response = HttpResponse(content, status=answered["status"])
        for name, value in answered["headers"]:
            if name.lower() == "set-cookie":
                response.cookies.load(value)
            else:
                response[name] = value
        response.wsgi_request = request
        return response


class WSGIClient(Client):
    def __init__(self, **defaults):
        super().__init__(**defaults)
        self.handler = ThroughWSGIApplication()
