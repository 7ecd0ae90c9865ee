"""Post search: /search/?q=…

What is matched: `Post.search_text`, one lower-cased string per post holding the title, tag
names, category name, excerpt and body text (kept up to date by Post.save and the signal
receivers at the bottom of this module). Every word of the query must occur in it as a
substring; results are published posts only (Post.objects.published()).

Why substrings and a trigram index, not PostgreSQL full-text search:
PostgreSQL ships no Korean text-search configuration (no stemmer, no dictionary that
splits particles off nouns). With the `simple` configuration "서울에서" and "서울의" are
different lexemes from "서울", so a reader searching 서울 would miss them. A Korean word in
running text carries its particles attached, so what a reader types is a *substring* of
what is written. pg_trgm indexes substrings: migration 0005 creates a GIN index
`gin_trgm_ops` over search_text, which PostgreSQL uses for `LIKE '%…%'`, and trigrams are
extracted from Hangul syllables as from any letters (the database's LC_CTYPE must be a
UTF-8 locale such as C.UTF-8 or ko_KR.UTF-8; under plain "C" pg_trgm ignores non-ASCII).
A query of one or two characters has no complete trigram, so PostgreSQL falls back to
scanning the table for it: still correct, only slower, and fine at blog sizes.
Ranking on PostgreSQL adds pg_trgm's word_similarity to a title-match weight.

SQLite (development, tests) runs the same LIKE filter without an index and ranks by the
title weight and date only.
"""

import re

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.text import without_line_control_characters

from .markdown import plain_text
from .models import Category, Post, Tag, TaggedPost

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
SNIPPET_LENGTH = 160

_HANGUL_OR_CJK_RE = re.compile(r"[\uac00-\ud7af\u3400-\u4dbf\u4e00-\u9fff]")


class SearchQuery:
    """A reader's query, cleaned: control characters (PostgreSQL refuses NUL) removed,
    whitespace collapsed, cut to MAX_QUERY_LENGTH characters, split into at most MAX_TERMS
    distinct terms."""

    def __init__(self, raw):
        raw = raw if isinstance(raw, str) else ""
        text = " ".join(without_line_control_characters(raw).split())
        self.truncated = len(text) > MAX_QUERY_LENGTH
        self.text = text[:MAX_QUERY_LENGTH].strip()
        terms = []
        for term in self.text.lower().split():
            if term not in terms:
                terms.append(term)
        self.terms = terms[:MAX_TERMS]

    @property
    def is_empty(self):
        return not self.text

    @property
    def is_too_short(self):
        # One Hangul syllable or Hanja is a whole word often enough (책, 꿈, 밥) to search.
        return (
            bool(self.text)
            and len(self.text) < MIN_QUERY_LENGTH
            and not (_HANGUL_OR_CJK_RE.fullmatch(self.text))
        )

    @property
    def is_searchable(self):
        return bool(self.terms) and not self.is_too_short


def search_posts(query, queryset=None):
    """Published posts matching every term of `query` (a SearchQuery), best first."""
    queryset = Post.objects.published() if queryset is None else queryset
    if not query.is_searchable:
        return queryset.none()
    for term in query.terms:
        # `contains` is LIKE '%term%' with % and _ escaped; both sides are lower-case.
        queryset = queryset.filter(search_text__contains=term)
    title_weight = sum(
        (
            Case(When(Q(title__icontains=term), then=Value(2)), default=Value(0), output_field=IntegerField())
            for term in query.terms
        ),
        Value(0),
    )
    rank = title_weight * Value(1.0)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        # 0..1: how well the whole query matches some stretch of the post's text.
        rank = rank + TrigramWordSimilarity(Value(query.text.lower()), "search_text")
    return queryset.annotate(search_rank=rank).order_by("-search_rank", "-published_at", "-pk")


def highlight(text, terms):
    """`text` as escaped HTML with every occurrence of a term wrapped in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def snippet(post, terms, length=SNIPPET_LENGTH):
    """About `length` characters of the post's text around the first match, highlighted.
    Falls back to the excerpt when the match was in the title, tags or category."""
    text = plain_text(post.body_html)
    lowered = text.lower()
    positions = [p for p in (lowered.find(term) for term in terms) if p >= 0]
    if not positions:
        return highlight(post.excerpt, terms)
    start = max(0, min(positions) - length // 3)
    # Start at a word boundary so the snippet does not open with half a word.
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(text), start + length)
    fragment = text[start:end]
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{highlight(fragment, terms)}{suffix}")


def refresh_search_text(post_ids):
    """Recompute search_text for these posts (after a tag or category changed)."""
    for post in Post.objects.filter(pk__in=list(post_ids)).select_related("category"):
        Post.objects.filter(pk=post.pk).update(search_text=post.build_search_text())


# Keep search_text in step with what it is built from. Post.save covers the post's own
# fields; tags and categories change without saving the post.


@receiver(m2m_changed, sender=TaggedPost)
def _post_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Post):
        refresh_search_text([instance.pk])
    elif pk_set:  # reverse: posts added to or removed from a tag
        refresh_search_text(pk_set)


@receiver(post_save, sender=Tag)
def _tag_saved(sender, instance, created, **kwargs):
    if not created:
        refresh_search_text(
            TaggedPost.objects.filter(tag=instance).values_list("content_object_id", flat=True)
        )


@receiver(post_save, sender=Category)
def _category_saved(sender, instance, created, **kwargs):
    if not created:
        refresh_search_text(instance.posts.values_list("pk", flat=True))


@receiver(pre_delete, sender=Category)
@receiver(pre_delete, sender=Tag)
def _remember_posts(sender, instance, **kwargs):
    if isinstance(instance, Category):
        instance._search_post_ids = list(instance.posts.values_list("pk", flat=True))
    else:
        instance._search_post_ids = list(
            TaggedPost.objects.filter(tag=instance).values_list("content_object_id", flat=True)
        )


@receiver(post_delete, sender=Category)
@receiver(post_delete, sender=Tag)
def _forget_deleted(sender, instance, **kwargs):
    refresh_search_text(getattr(instance, "_search_post_ids", []))
