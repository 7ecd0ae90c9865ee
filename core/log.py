"""Expected failures in one log line, not a traceback.

Django logs every response it makes from an exception on the `django.request` logger with
the traceback attached: a moderator opening an admin page they may not see (PermissionDenied,
403) or every request of a database outage (OperationalError, 503) would fill the log with
tracebacks that say nothing a single line does not. Real bugs keep their traceback."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError

EXPECTED = (PermissionDenied, OperationalError, InterfaceError)


class OneLineForExpectedErrors(logging.Filter):
    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, EXPECTED):
            if isinstance(record.args, tuple):
                text = str(error).strip()
                detail = f": {text.splitlines()[0][:200]}" if text else ""
                record.msg = f"{record.msg} [%s%s]"
                record.args = (*record.args, type(error).__name__, detail)
            record.exc_info = None
            record.exc_text = None
        return True


def install():
    """Called once from CoreConfig.ready(), whatever settings.LOGGING says."""
    logger = logging.getLogger("django.request")
    if not any(isinstance(existing, OneLineForExpectedErrors) for existing in logger.filters):
        logger.addFilter(OneLineForExpectedErrors())
