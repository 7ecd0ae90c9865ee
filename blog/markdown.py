"""Markdown to safe HTML, done once when a post is saved.

Pipeline: a YouTube or Vimeo URL alone on a line is swapped for a random token; Markdown
renders the rest; nh3 removes everything not on the allow list (scripts, event handlers,
`javascript:` URLs, every iframe); then the tokens become our own privacy-enhanced embeds,
built from a validated video id, so no author-supplied iframe ever reaches a page."""

import html as html_lib
import re
import secrets

import markdown
import nh3
from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "details",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
    "code": {"class"},
    "span": {"class"},
    "pre": {"class"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

YOUTUBE_RE = re.compile(
    r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|shorts/|embed/)|youtu\.be/)"
    r"(?P<id>[A-Za-z0-9_-]{11})(?:[?&#]\S*)?$"
)
VIMEO_RE = re.compile(r"^https?://(?:www\.)?vimeo\.com/(?:video/)?(?P<id>\d{1,12})(?:[/?#]\S*)?$")


def video_embed(url):
    """(provider name, privacy-enhanced player URL) for a YouTube or Vimeo page URL, else None."""
    url = url.strip()
    if match := YOUTUBE_RE.match(url):
        return "YouTube", f"https://www.youtube-nocookie.com/embed/{match['id']}"
    if match := VIMEO_RE.match(url):
        return "Vimeo", f"https://player.vimeo.com/video/{match['id']}?dnt=1"
    return None


def video_embed_url(url):
    """The privacy-enhanced player URL for a YouTube or Vimeo page URL, else None."""
    embed = video_embed(url)
    return embed[1] if embed else None


def _embed_html(provider, src):
    """A click-to-play facade of our own: nothing is fetched from the video site until the
    reader clicks play. static/js/blog.js then puts the player (an iframe of `src`, titled
    `data-title`) in its place; without JavaScript the link opens the player itself.
    Post bodies are rendered once on save, so the labels are in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        title = escape(gettext("%(provider)s video") % {"provider": provider})
        play = escape(gettext("Play the %(provider)s video") % {"provider": provider})
    src = escape(src)
    return (
        f'<div class="video-embed" data-src="{src}" data-title="{title}">'
        f'<a class="video-embed__play" href="{src}">'
        f'<span class="video-embed__icon" aria-hidden="true"></span>'
        f'<span class="video-embed__label">{play}</span></a></div>'
    )


def sanitize(html, **options):
    """`html` cut down to what a post may hold (the lists above), comments dropped and
    links given rel="noopener"; `options` are more of nh3.clean's (the feeds' URL rewriting)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
        **options,
    )


def render_markdown(text):
    """Return sanitised HTML for Markdown `text`."""
    embeds = {}
    lines = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        embed = video_embed(line)
        if embed:
            token = f"VIDEOEMBED{secrets.token_hex(8)}"
            embeds[token] = embed
            lines.extend(["", token, ""])
        else:
            lines.append(line)
    html = markdown.markdown(
        "\n".join(lines),
        extensions=["extra", "sane_lists", "smarty"],
        output_format="html",
    )
    html = sanitize(html)
    # Images in a post load lazily and never push the layout sideways.
    html = html.replace("<img ", '<img loading="lazy" decoding="async" ')
    for token, (provider, src) in embeds.items():
        html = html.replace(f"<p>{token}</p>", _embed_html(provider, src))
    return html


def plain_text(html):
    """Text content of sanitised HTML, for excerpts and reading time."""
    return re.sub(r"\s+", " ", html_lib.unescape(nh3.clean(html, tags=set()))).strip()
