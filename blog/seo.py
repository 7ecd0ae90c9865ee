"""What a post page tells search engines and link previews: canonical URL, Open Graph and
Twitter card values, and a schema.org BlogPosting as JSON-LD. Built here in Python from the
same post the page shows, so the structured data cannot drift from the page."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.urlcache import absolute_url

# What Django's json_script escapes: nothing in the JSON can close the <script> element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script_body(data):
    """`data` as JSON safe to place between <script type="application/ld+json"> tags."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


def post_seo(request, post):
    """Values for the post page's <head>. Every URL is on settings.SITE_URL, whatever Host
    the request came with."""
    canonical = absolute_url(post.get_absolute_url())
    author_url = absolute_url(reverse("blog:author", kwargs={"username": post.author.username}))
    image = None
    if post.cover_image:
        image = {
            "url": absolute_url(post.cover_image.url),
            "width": post.cover_width,
            "height": post.cover_height,
            "alt": post.cover_alt or post.title,
        }
    # To the second, like every machine-read date on the page (core machine_time).
    published = timezone.localtime(post.published_at).replace(microsecond=0)
    modified = timezone.localtime(max(post.updated_at, post.published_at)).replace(microsecond=0)
    # Google's recommended Article properties, and nothing the page's other tags already say
    # (description, url, section, tags, language are in <meta>/og:…; issue #13, page weight).
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        # Google shows at most 110 characters of a headline.
        "headline": post.title[:110],
        "datePublished": published.isoformat(),
        "dateModified": modified.isoformat(),
        "author": {"@type": "Person", "name": post.author.display_name, "url": author_url},
    }
    if image:
        data["image"] = {
            "@type": "ImageObject",
            "url": image["url"],
            **({"width": image["width"], "height": image["height"]} if image["width"] else {}),
        }
    return {
        "canonical_url": canonical,
        "modified_at": modified,
        "og_image": image,
        "json_ld": json_ld_script_body(data),
        "json_ld_data": data,
    }
