import hashlib
from urllib.parse import quote_plus

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from core.images import process_image, validate_image_upload
from core.urlcache import url_maker

AVATAR_SIZE = 256
# Background colours for generated avatars: readable with white text.
AVATAR_COLOURS = ["#2f6f5e", "#3d5a99", "#8a4f7d", "#b0573b", "#4f6b2a", "#5b4b8a", "#7a5c2e"]


def _avatar_digest(seed):
    return hashlib.sha256(str(seed).encode()).hexdigest()[:12]


def avatar_initial(name):
    return (name or "").strip()[:1].upper() or "·"


def generated_avatar(seed, name=""):
    """The generated avatar of anyone without a photo as (colour number, initial): a colour
    from the seed and the name's first letter. Lists of comments draw it with the stylesheet
    (`.avN` in static/css/site.css), so a page of comments asks for no avatar at all;
    default_avatar_url serves the same picture as an SVG where an <img> is wanted."""
    digest = _avatar_digest(seed)
    return int(digest[:4], 16) % len(AVATAR_COLOURS), avatar_initial(name)


def default_avatar_url(seed, name=""):
    """A generated avatar (an SVG served by our own view) for anyone without a photo:
    a colour from the seed and the name's first letter. No third-party avatar service
    ever learns who reads or writes here."""
    digest = _avatar_digest(seed)
    prefix, suffix = url_maker("accounts:generated_avatar", "seed", str)
    url = f"{prefix}{digest}{suffix}"
    initial = (name or "").strip()[:1]
    return f"{url}?c={quote_plus(initial)}" if initial else url  # urlencode({"c": initial})


def generated_avatar_svg(seed, initial=""):
    colour = AVATAR_COLOURS[int(seed[:4], 16) % len(AVATAR_COLOURS)]
    initial = avatar_initial(initial)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        f'<rect width="64" height="64" rx="32" fill="{colour}"/>'
        '<text x="32" y="41" font-size="26" text-anchor="middle" fill="#fff" '
        'font-family="Noto Sans KR, Apple SD Gothic Neo, sans-serif">'
        f"{escape(initial)}</text></svg>"
    )


class User(AbstractUser):
    """A member of the site. Authors and moderators are members with more permissions."""

    nickname = models.CharField(
        _("nickname"), max_length=30, help_text=_("The name shown with your posts and comments.")
    )
    avatar = models.ImageField(
        _("avatar"), upload_to="avatars/", blank=True, validators=[validate_image_upload]
    )
    bio = models.TextField(_("bio"), max_length=500, blank=True)
    homepage = models.URLField(_("homepage"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.nickname or self.username

    @property
    def avatar_url(self):
        if self.avatar:
            return self.avatar.url
        return default_avatar_url(f"user:{self.username}", self.display_name)

    @property
    def generated_avatar(self):
        """(colour number, initial) of the generated avatar: see generated_avatar()."""
        return generated_avatar(f"user:{self.username}", self.display_name)

    def save(self, *args, **kwargs):
        if not self.nickname:
            self.nickname = self.username
        # Re-encode a newly uploaded avatar: square, small, metadata stripped.
        if self.avatar and not getattr(self.avatar, "_committed", True):
            processed = process_image(self.avatar.file, square=AVATAR_SIZE, name_prefix="avatar")
            self.avatar.save(processed.content.name, processed.content, save=False)
        super().save(*args, **kwargs)
