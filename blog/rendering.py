"""The one function that turns a post's Markdown into the HTML readers get: used when a
post is saved (Post.body_html) and by the editor's live preview, so the preview cannot
drift from the published page.

On top of blog.markdown (Markdown → nh3 → our video embeds) it gives every image that was
uploaded through the editor its `width`/`height` (no layout shift) and a `srcset` of the
smaller copies, and lets the first image load at once (it is usually on the first screen)
while the others stay `loading="lazy"`."""

import re
from urllib.parse import unquote

from django.conf import settings
from django.utils.html import escape

from .markdown import render_markdown

IMG_RE = re.compile(r"<img ([^>]*)>")
SRC_RE = re.compile(r'\bsrc="([^"]*)"')
# The post column is at most 760 px wide; below that the image fills the screen.
IMAGE_SIZES = "(max-width: 800px) 100vw, 760px"


def _storage_name(src):
    media_url = settings.MEDIA_URL
    if media_url and src.startswith(media_url):
        return unquote(src[len(media_url) :])
    return None


def render_body(text):
    from .models import PostImage

    html = render_markdown(text)
    tags = IMG_RE.findall(html)
    if not tags:
        return html
    names = {}
    for attrs in tags:
        match = SRC_RE.search(attrs)
        name = _storage_name(match.group(1)) if match else None
        if name:
            names[name] = None
    images = {image.image.name: image for image in PostImage.objects.filter(image__in=list(names))}
    position = 0

    def enrich(match):
        nonlocal position
        attrs = match.group(1)
        position += 1
        if position == 1:
            attrs = attrs.replace('loading="lazy" ', "")
        src = SRC_RE.search(attrs)
        image = images.get(_storage_name(src.group(1))) if src else None
        if image is not None and image.width:
            if "width=" not in attrs:
                attrs += f' width="{image.width}" height="{image.height}"'
            srcset = image.srcset()
            if srcset:
                attrs += f' srcset="{escape(srcset)}" sizes="{IMAGE_SIZES}"'
        return f"<img {attrs}>"

    return IMG_RE.sub(enrich, html)
