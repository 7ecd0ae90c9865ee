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
Ranking on PostgreSQL adds pg_trgm's word_similarity to a title-match weight, over the
newest CANDIDATES matching posts only (older matches of a very common query are not
listed: the price of answering in milliseconds at 100,000 posts).

SQLite (development, tests) runs the same LIKE filter without an index and ranks by the
title weight and date only.

So that both databases find the same posts for what a Korean reader types, the matching
itself is done the same way on both (the table in tests/blog/test_search_korean.py runs on
SQLite and on PostgreSQL):
- a particle at the end of a query word is optional: "경주에서" finds "경주에 다녀왔습니다"
  (core.korean.strip_particle; the stem must agree with the particle, so 나이 stays 나이);
- spacing does not matter: words are matched against the text with its spaces removed, so
  "당일 치기" and "당일치기" find each other;
- a typo: when nothing matches, each word that matched no post is replaced by the closest
  word of the published posts one Hangul letter (jamo) away, if there is one, and the page
  says what was searched instead ("블국사" → "불국사"). This runs in Python over the words of
  the newest TYPO_VOCABULARY_POSTS posts, identically on both databases, and only when the
  plain search found nothing. Only the newest: reading every post's text took 1.4 s at
  100,000 posts, for any visitor's random string, where the newest 1,000 take milliseconds.
"""

import re
import unicodedata

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Subquery, TextField, Value, When
from django.db.models.functions import Replace
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.korean import strip_particle
from core.text import without_line_control_characters

from .markdown import plain_text
from .models import Category, Post, Tag, TaggedPost

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
CANDIDATES = 500
TYPO_VOCABULARY_POSTS = 1000
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
        self.corrections = {}  # term -> the word searched instead (a typo corrected)

    def variants(self, term):
        """What `term` may appear as in a post: itself, or its stem without a particle."""
        term = self.corrections.get(term, term)
        stem = strip_particle(term)
        return [term, stem] if stem else [term]

    @property
    def all_variants(self):
        """Every form searched for, for highlighting."""
        return [variant for term in self.terms for variant in self.variants(term)]

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


# The text with its spaces removed, written exactly as the PostgreSQL trigram index over it
# (migration 0009) is defined, so the planner can use that index: literals, not parameters.
# An expression, not RawSQL naming "blog_post": inside the ranking's subquery (alias U0)
# a hard-coded table name pointed at the outer query's row, so PostgreSQL walked the
# newest 500 posts once per outer row (a two-syllable word took 33 s at 100,000 posts).
SQUASHED_TEXT = Replace(F("search_text"), Value(" "), Value(""), output_field=TextField())


def _filtered(queryset, query):
    # Spaces removed on both sides: "당일 치기" and "당일치기" are the same words.
    queryset = queryset.annotate(search_squashed=SQUASHED_TEXT)
    for term in query.terms:
        condition = Q()
        for variant in query.variants(term):
            # `contains` is LIKE '%variant%' with % and _ escaped; both sides are lower-case.
            condition |= Q(search_squashed__contains=variant.replace(" ", ""))
        queryset = queryset.filter(condition)
    return queryset


def search_posts(query, queryset=None):
    """Published posts matching every term of `query` (a SearchQuery), best first. When
    none match, terms that match no post are corrected (`correct_typos`) and searched again."""
    queryset = Post.objects.published() if queryset is None else queryset
    if not query.is_searchable:
        return queryset.none()
    results = _filtered(queryset, query)
    if not results.exists() and correct_typos(query, queryset):
        results = _filtered(queryset, query)
    # Ranking is the expensive part (word_similarity over each post's whole text): only
    # the newest CANDIDATES matches are ranked. A common two-syllable word (커피) matched
    # 50,379 of 100,000 posts and ranking them all took 4 s; the newest 500 are found
    # walking the (status, published_at, id) index backwards and stopping early.
    newest = results.order_by("-published_at", "-pk").values("pk")[:CANDIDATES]
    results = Post.objects.filter(pk__in=Subquery(newest))
    title_weight = sum(
        (
            Case(
                When(Q(title__icontains=variant), then=Value(2)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for variant in query.all_variants
        ),
        Value(0),
    )
    rank = title_weight * Value(1.0)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        # 0..1: how well the whole query matches some stretch of the post's text.
        rank = rank + TrigramWordSimilarity(Value(query.text.lower()), "search_text")
    return results.annotate(search_rank=rank).order_by("-search_rank", "-published_at", "-pk")


# -- typos ---------------------------------------------------------------------------------
_WORD_RE = re.compile(r"[\w]+")


def _jamo(text):
    """Hangul spelled letter by letter (NFD splits a syllable into its jamo)."""
    return unicodedata.normalize("NFD", text)


def _within_one_edit(a, b):
    """Whether strings a and b differ by at most one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def correct_typos(query, queryset):
    """Record in query.corrections, for each term no post contains, a word of the newest
    posts (or the start of one: 불국사를 for 블국사) one jamo away from the term or its stem.
    Returns whether anything was corrected. Terms shorter than two syllables are left
    alone: one letter changes a short word into too many others."""
    words = set()
    newest = queryset.order_by("-published_at", "-pk").values_list("search_text", flat=True)
    for text in newest[:TYPO_VOCABULARY_POSTS].iterator():
        words.update(_WORD_RE.findall(text))
    corrected = False
    for term in query.terms:
        # With one term the whole query's miss already says it matches nothing (asking again
        # is a second scan: LIKE on two syllables cannot use the trigram index).
        if len(query.terms) > 1 and _filtered(queryset, _OneTerm(query, term)).exists():
            continue  # this word is found: the typo is in another one
        best = _closest(words, [v for v in query.variants(term) if len(v) >= 2])
        if best:
            query.corrections[term] = best
            corrected = True
    return corrected


def _closest(words, variants):
    """The first word (in sorted order, so the answer is the same everywhere), or start of a
    word, one jamo away from one of `variants`."""
    for variant in variants:
        target = _jamo(variant)
        sizes = [size for size in (len(variant), len(variant) - 1, len(variant) + 1) if size >= 2]
        for word in sorted(words):
            for size in sizes:
                piece = word[:size]
                if piece != variant and _within_one_edit(_jamo(piece), target):
                    return piece
    return None


class _OneTerm:
    """A view of one term of a SearchQuery, for asking whether that term alone matches."""

    def __init__(self, query, term):
        self.terms = [term]
        self.variants = query.variants


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
