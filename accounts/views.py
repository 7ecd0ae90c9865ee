import re

from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .models import generated_avatar_svg

SEED_RE = re.compile(r"^[0-9a-f]{12}$")


@require_safe
@cache_control(public=True, max_age=60 * 60 * 24 * 30, immutable=True)
def generated_avatar(request, seed):
    if not SEED_RE.match(seed):
        raise Http404
    svg = generated_avatar_svg(seed, request.GET.get("c", ""))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    # An SVG opened on its own must not be able to run anything.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
