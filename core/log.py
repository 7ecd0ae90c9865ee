"""Expected failures in one log line, not a traceback.

Django logs every response it makes from an exception on the `django.request` logger with
the traceback attached: a moderator opening an admin page they may not see (PermissionDenied,
403) or every request of a database outage (OperationalError, 503) would fill the log with
tracebacks that say nothing a single line does not. Real bugs keep their traceback.

The same for a request whose Host is not in ALLOWED_HOSTS: Django logs it on
`django.security.DisallowedHost` with a traceback, and scanners of the internet send them all
day. Its message already names the host; the traceback (Django's own frames) adds nothing."""

import logging

from django.core.exceptions import DisallowedHost, PermissionDenied
from django.db import InterfaceError, OperationalError

EXPECTED = (PermissionDenied, OperationalError, InterfaceError, DisallowedHost)
# Loggers whose records the filter is attached to (a logger's filters do not see its
# children's records, so each is named).
LOGGERS = ("django.request", "django.security.DisallowedHost")


class OneLineForExpectedErrors(logging.Filter):
    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, EXPECTED):
            # django.request's message is "Forbidden (…): /path": the error is added to it;
            # a security logger's message is the error's own text already.
            if isinstance(record.args, tuple) and not isinstance(error, DisallowedHost):
                text = str(error).strip()
                detail = f": {text.splitlines()[0][:200]}" if text else ""
                record.msg = f"{record.msg} [%s%s]"
                record.args = (*record.args, type(error).__name__, detail)
            record.exc_info = None
            record.exc_text = None
        return True


def install():
    """Called once from CoreConfig.ready(), whatever settings.LOGGING says."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, OneLineForExpectedErrors) for existing in logger.filters):
            logger.addFilter(OneLineForExpectedErrors())
