import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django_application = get_wsgi_application()

# A page-cache hit is answered before Django's handler runs (core/public.py); django.setup()
# has run above, so the import finds the settings.
from core.public import PageCacheApplication  # noqa: E402

application = PageCacheApplication(django_application)
