from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from core.images import process_image, validate_image_upload
from core.models import member_link, unique_with_optional

from .markdown import plain_text
from .reading import reading_minutes

RELATED_POSTS_LIMIT = 5


def unique_slug(instance, value, max_length):
    """A readable, Unicode-preserving slug ("한글-제목"), made unique with -2, -3 …"""
    base = slugify(value, allow_unicode=True)[:max_length].strip("-") or "post"
    candidate, number = base, 2
    model = type(instance)
    while model.objects.filter(slug=candidate).exclude(pk=instance.pk).exists():
        suffix = f"-{number}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        number += 1
    return candidate


class Tag(TagBase):
    """Tags keep Korean names readable in their URLs too."""

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def slugify(self, tag, i=None):
        slug = slugify(tag, allow_unicode=True)[:90] or "tag"
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self):
        return reverse("blog:tag", kwargs={"slug": self.slug})


class TaggedPost(TaggedItemBase):
    content_object = models.ForeignKey("Post", on_delete=models.CASCADE, related_name="tagged_items")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_posts")

    class Meta:
        unique_together = [("content_object", "tag")]


class Category(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("position", "name")
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, 60)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blog:category", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def published(self):
        """The one definition of "a reader may see this": every public view, feed and
        sitemap starts here."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Published posts; drafts and scheduled posts only to their author and superusers."""
        if user.is_authenticated and user.is_superuser:
            return self.all()
        if user.is_authenticated and user.is_staff:
            return self.filter(Q(pk__in=self.published().values("pk")) | Q(author=user))
        return self.published()

    def for_listing(self):
        """What a post list shows, in a fixed number of queries whatever the page size.
        Comment counts are not annotated here: a subquery in the select list is evaluated
        for every row an OFFSET skips, so deep pages paid for thousands of counts;
        `with_comment_counts` adds them to the rows actually shown."""
        return self.select_related("author", "category").prefetch_related("tags")

    def published_between(self, start, end):
        """Published in [start, end): a range the (status, published_at, id) index serves,
        where __year/__month lookups would compute the date of every row."""
        return self.filter(published_at__gte=start, published_at__lt=end)


def with_comment_counts(posts):
    """Set `comment_count` on each post of a list: one query for the whole list."""
    from comments.counts import comment_counts

    posts = list(posts)
    counts = comment_counts(Post, [post.pk for post in posts])
    for post in posts:
        post.comment_count = counts.get(post.pk, 0)
    return posts


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Made from the title when left empty; Korean is kept as it is."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("author"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("category"),
    )
    tags = TaggableManager(
        through=TaggedPost,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Separate tags with commas, e.g. 커피, 핸드드립"),
    )
    excerpt = models.TextField(
        _("excerpt"),
        max_length=500,
        blank=True,
        help_text=_("Shown in lists and link previews. Taken from the body when empty."),
    )
    body = models.TextField(
        _("body (Markdown)"),
        help_text=_(
            "Markdown. A YouTube or Vimeo link alone on a line becomes a video player. "
            "Images uploaded below can be placed with the Markdown shown next to each."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    cover_image = models.ImageField(
        _("cover image"), upload_to="covers/%Y/%m/", blank=True, validators=[validate_image_upload]
    )
    cover_alt = models.CharField(
        _("cover image alt text"),
        max_length=200,
        blank=True,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("publish time"),
        default=timezone.now,
        db_index=True,
        help_text=_("A time in the future schedules the post: it stays hidden until then."),
    )
    comments_enabled = models.BooleanField(_("comments open"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Denormalised for lists and the post page: worked out on save (reading time, search
    # text) or kept in step with PostLike rows by blog.likes inside one transaction.
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    like_count = models.PositiveIntegerField(default=0, editable=False)
    # Lower-cased title, tags, category, excerpt and body text: what /search/ matches.
    # On PostgreSQL a pg_trgm GIN index covers it (migration 0005, see blog/search.py).
    search_text = models.TextField(default="", blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ("-published_at", "-pk")
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            # Lists, archives, previous/next (a row comparison): (status, published_at, id)
            # in order, forwards or backwards. updated_at last (id is unique, so the order
            # is the same) lets the sitemap index read each part's lastmod from the index
            # alone (blog/sitemaps.post_parts): 100,000 rows of the heap took 0.5-0.7 s.
            models.Index(
                fields=["status", "published_at", "id", "updated_at"], name="blog_post_status_pub_upd"
            ),
            models.Index(fields=["category", "published_at", "id"], name="blog_post_category_pub_id"),
            models.Index(fields=["author", "published_at", "id"], name="blog_post_author_pub_id"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.cover_image and not self.cover_alt.strip():
            raise ValidationError({"cover_alt": _("Describe the cover image for screen readers.")})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, 200)
        from .rendering import render_body

        self.body_html = render_body(self.body)
        body_text = plain_text(self.body_html)
        if not self.excerpt.strip():
            self.excerpt = Truncator(body_text).chars(160)
        self.reading_minutes = reading_minutes(body_text)
        self.search_text = self.build_search_text(body_text)
        if self.cover_image and not getattr(self.cover_image, "_committed", True):
            processed = process_image(
                self.cover_image.file, max_width=settings.BLOG_IMAGE_MAX_WIDTH, name_prefix="cover"
            )
            self.cover_image.save(processed.content.name, processed.content, save=False)
            self.cover_width, self.cover_height = processed.width, processed.height
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blog:post", kwargs={"slug": self.slug})

    def build_search_text(self, body_text=None):
        """Everything a reader may search a post by, lower-cased, in one string."""
        if body_text is None:
            body_text = plain_text(self.body_html)
        tag_names = (
            list(TaggedPost.objects.filter(content_object_id=self.pk).values_list("tag__name", flat=True))
            if self.pk
            else []
        )
        category = self.category.name if self.category_id else ""
        parts = [self.title, " ".join(tag_names), category, self.excerpt, body_text]
        return "\n".join(part for part in parts if part).lower()

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    def is_visible_to(self, user):
        """The one-object form of PostQuerySet.visible_to."""
        return self.is_published or self.is_editable_by(user)

    def is_editable_by(self, user):
        return user.is_authenticated and (user.is_superuser or (user.is_staff and self.author_id == user.pk))

    def neighbours(self):
        """(previous, next): the published posts just older and just newer than this one,
        as {"slug", "title"} or None. Each is one row comparison on the index
        (status, published_at, id), found without reading any other row."""
        here = (self.published_at, self.pk)
        published = Post.objects.published().values("slug", "title")
        older = published.filter(TupleLessThan(Tuple(F("published_at"), F("pk")), here))
        newer = published.filter(TupleGreaterThan(Tuple(F("published_at"), F("pk")), here))
        return (
            older.order_by("-published_at", "-pk").first(),
            newer.order_by("published_at", "pk").first(),
        )

    def related_posts(self, tag_ids=None):
        """Up to five other published posts: same category first, then most shared tags,
        newest first, as [{"slug", "title", "published_at"}].

        Counting shared tags for every post and sorting them all was 370 ms at 100,000
        posts. Only two kinds of post can make the list: posts sharing a tag (the best five
        of them, counted over those tags' rows only) and the five newest posts of the same
        category (any same-category post older than those five has five posts ranked
        above it). The two short lists are merged here by the same order."""
        if tag_ids is None:
            tag_ids = [tag.pk for tag in self.tags.all()]
        others = Post.objects.published().exclude(pk=self.pk)
        fields = ("pk", "slug", "title", "published_at", "category_id")
        candidates = {}
        if tag_ids:
            sharing = (
                others.filter(tagged_items__tag_id__in=tag_ids)
                .annotate(
                    shared_tags=Count("tagged_items"),
                    same_category=Case(
                        When(category_id=self.category_id, then=Value(1)),
                        default=Value(0),
                        output_field=IntegerField(),
                    ),
                )
                .order_by("-same_category", "-shared_tags", "-published_at", "-pk")
                .values(*fields, "shared_tags")[:RELATED_POSTS_LIMIT]
            )
            candidates = {row["pk"]: row for row in sharing}
        if self.category_id:
            newest = others.filter(category_id=self.category_id).order_by("-published_at", "-pk")
            for row in newest.values(*fields)[:RELATED_POSTS_LIMIT]:
                candidates.setdefault(row["pk"], {**row, "shared_tags": 0})

        def rank(row):
            same = self.category_id is not None and row["category_id"] == self.category_id
            return (same, row["shared_tags"], row["published_at"], row["pk"])

        best = sorted(candidates.values(), key=rank, reverse=True)[:RELATED_POSTS_LIMIT]
        return [{"slug": r["slug"], "title": r["title"], "published_at": r["published_at"]} for r in best]


class PostImage(models.Model):
    """An image uploaded for a post's body: cleaned by Pillow, with required alt text.

    Uploaded from the editor before the post exists (`post` empty, `uploaded_by` set); the
    post claims the images its body uses when it is saved. `variants` holds smaller
    re-encodings ({"480": storage name, ...}) for the published page's srcset."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images", null=True, blank=True)
    uploaded_by = member_link()
    image = models.ImageField(_("image"), upload_to="posts/%Y/%m/", validators=[validate_image_upload])
    alt = models.CharField(
        _("alt text"), max_length=200, help_text=_("Describe the image for readers who cannot see it.")
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    variants = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        ordering = ("pk",)
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt

    def save(self, *args, **kwargs):
        if self.image and not getattr(self.image, "_committed", True):
            processed = process_image(
                self.image.file, max_width=settings.BLOG_IMAGE_MAX_WIDTH, name_prefix="image"
            )
            self.image.save(processed.content.name, processed.content, save=False)
            self.width, self.height = processed.width, processed.height
            self.variants = self._make_variants(processed)
        super().save(*args, **kwargs)

    def _make_variants(self, processed):
        """Smaller copies for srcset, re-encoded from the cleaned image (never the original,
        so no metadata can come back), stored next to it through the default storage."""
        from django.core.files.storage import default_storage

        folder = self.image.name.rsplit("/", 1)[0]
        variants = {}
        for width in settings.BLOG_IMAGE_SRCSET_WIDTHS:
            if width >= processed.width:
                continue
            processed.content.seek(0)
            smaller = process_image(processed.content, max_width=width, name_prefix=f"image{width}")
            variants[str(width)] = default_storage.save(f"{folder}/{smaller.content.name}", smaller.content)
        return variants

    def srcset(self):
        """ "url 480w, url 960w, url 1600w" or "" when there is nothing smaller."""
        if not self.variants or not self.width:
            return ""
        from django.core.files.storage import default_storage

        parts = [
            f"{default_storage.url(name)} {width}w"
            for width, name in sorted(self.variants.items(), key=lambda item: int(item[0]))
        ]
        parts.append(f"{self.image.url} {self.width}w")
        return ", ".join(parts)

    @property
    def markdown(self):
        """What an author pastes into the body to show this image."""
        alt = self.alt.replace("]", "").replace("[", "")
        return f"![{alt}]({self.image.url})" if self.image else ""


class PostRevision(models.Model):
    """The title and body a published post had before one of its saves. Our own small
    model rather than django-simple-history/django-reversion: only two fields of one model
    are worth keeping (README, "Revisions")."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body (Markdown)"))
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now, db_index=True)
    saved_by = member_link()

    class Meta:
        ordering = ("-saved_at", "-pk")
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        return f"{self.title} ({self.saved_at:%Y-%m-%d %H:%M})"


class EditorDraft(models.Model):
    """What the editor autosaved for one author and one post (or a post not saved yet):
    never the post itself, so autosaving never publishes anything. `version` goes up by
    one on every autosave; a tab that sends an older version is told another tab wrote."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = unique_with_optional(
            "user",
            optional="post",
            name="blog_editordraft_one_per_post",
            null_name="blog_editordraft_one_new_post",
        )

    def __str__(self):
        return f"{self.user_id}:{self.post_id or 'new'} v{self.version}"


class VisitCount(models.Model):
    """Distinct visitors of one day, for the whole blog (`post` empty) or one post. Written
    from the shared cache's counters by blog.visits.flush(); nothing about a visitor is
    stored, only the number."""

    day = models.DateField(db_index=True)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = unique_with_optional(
            "day", optional="post", name="blog_visitcount_day_post", null_name="blog_visitcount_day_blog"
        )

    def __str__(self):
        return f"{self.day} {self.post_id or 'blog'}: {self.count}"


class PostLike(models.Model):
    """One 공감 (like) on a post: by a member, or by a guest's browser.

    A guest is known only by `visitor_key`, a keyed SHA-256 of the random id in their signed
    cookie, and `address_hash`, a keyed SHA-256 of their address (used to limit ballot
    stuffing from one network). No raw IP address or cookie value is ever stored."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="post_likes",
    )
    visitor_key = models.CharField(max_length=64, null=True, blank=True)
    address_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="blog_postlike_one_per_member"),
            models.UniqueConstraint(fields=["post", "visitor_key"], name="blog_postlike_one_per_browser"),
            models.CheckConstraint(
                condition=(
                    Q(user__isnull=False, visitor_key__isnull=True)
                    | Q(user__isnull=True, visitor_key__isnull=False)
                ),
                name="blog_postlike_member_or_guest",
            ),
        ]

    def __str__(self):
        return f"{self.post_id}:{self.user_id or self.visitor_key[:8]}"
