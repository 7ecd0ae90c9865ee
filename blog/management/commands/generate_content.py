"""manage.py generate_content --posts N --comments M [--reports R]

Fills the database with N published posts and M comments for measuring the blog at scale
(bench/run.py --scale uses 100,000 and 1,000,000). Rows go in with PostgreSQL's COPY
(other databases: executemany), three comment tables at a time, so 100k/1M takes about a
minute; nothing here is for a real blog.

What is generated, and why:
- posts over the last ten years in 10 categories and 300 tags (2 each), Korean titles and
  bodies from a small vocabulary, so search has common and rare words (`희귀어` is in every
  10,000th post only);
- comments spread over all posts, 30% of them replies (one level), with two posts kept
  for the bench: `scale-comments-100` with 100 comments and `scale-comments-5000` with 5,000;
- R open reports on R recent comments (the moderation queue).
Post and comment ids continue after the existing ones, and the sequences are moved past
them, so the command can run on a database that already has content.
"""

import io
import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from blog import freshness
from blog.models import Category, Post, Tag
from core.public import bump_path

WORDS = [
    "커피",
    "핸드드립",
    "원두",
    "여행",
    "서울",
    "부산",
    "제주",
    "산책",
    "바다",
    "하늘",
    "고양이",
    "강아지",
    "책",
    "영화",
    "음악",
    "요리",
    "김치",
    "라면",
    "비빔밥",
    "사진",
    "카메라",
    "봄",
    "여름",
    "가을",
    "겨울",
    "비",
    "눈",
    "바람",
    "아침",
    "저녁",
    "주말",
    "회사",
    "학교",
    "친구",
    "가족",
    "자전거",
    "등산",
    "캠핑",
    "정원",
    "꽃",
    "나무",
    "도서관",
    "카페",
    "시장",
    "골목",
    "지하철",
    "버스",
    "기차",
    "공항",
    "호텔",
    "일기",
]
PARTICLES = ("", "은", "는", "이", "가", "을", "를", "에서", "의", "와", "도")
CATEGORIES = ("일상", "여행", "커피", "요리", "책", "영화", "음악", "사진", "정원", "기록")
TAG_COUNT = 300
RARE_WORD = "희귀어"  # in every 10,000th post: search for a rare word
BENCH_POSTS = {"scale-comments-100": 100, "scale-comments-5000": 5000}
CHUNK = 20_000


def _sentence(rng, words=8):
    return " ".join(rng.choice(WORDS) + rng.choice(PARTICLES) for _ in range(words)) + "."


def _copy_text(value):
    """A value in COPY's text format: \\N for NULL, backslash escapes for the rest."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Writer:
    """Rows for one table: COPY on PostgreSQL, executemany elsewhere; flushed in chunks."""

    def __init__(self, cursor, table, columns):
        self.cursor, self.table, self.columns = cursor, table, columns
        self.rows = []

    def add(self, *row):
        self.rows.append(row)
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            for row in self.rows:
                buffer.write("\t".join(_copy_text(v) for v in row))
                buffer.write("\n")
            with self.cursor.cursor.copy(f"COPY {self.table} ({quoted}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            self.cursor.executemany(f"INSERT INTO {self.table} ({quoted}) VALUES ({marks})", self.rows)
        self.rows = []


def _next_id(cursor, table, column="id"):
    cursor.execute(f"SELECT COALESCE(MAX({column}), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def _move_sequence(cursor, table):
    if connection.vendor == "postgresql":
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        )


class Command(BaseCommand):
    help = "Generate N published posts and M comments (COPY on PostgreSQL) for scale benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=1000)
        parser.add_argument("--comments", type=int, default=10_000)
        parser.add_argument("--reports", type=int, default=0, help="open reports on recent comments")
        parser.add_argument("--seed", type=int, default=13)

    def handle(self, *args, posts, comments, reports, seed, **options):
        if posts < len(BENCH_POSTS) or comments < sum(BENCH_POSTS.values()):
            least = sum(BENCH_POSTS.values())
            raise SystemExit(f"--posts must be at least {len(BENCH_POSTS)} and --comments at least {least}")
        if Post.objects.filter(slug__in=list(BENCH_POSTS)).exists():
            raise SystemExit("This database already holds generated content: use a fresh one.")
        rng = random.Random(seed)
        started = timezone.now()
        with transaction.atomic():
            post_ids, slugs = self._posts(rng, posts)
            comment_count = self._comments(rng, post_ids, slugs, comments, reports)
        # Rows went in without save(): tell every cache keyed on the content that it changed.
        freshness.posts_changed()
        bump_path("")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(f"{len(post_ids):,} posts and {comment_count:,} comments in {seconds:.0f} s")

    def _posts(self, rng, count):
        author, _ = get_user_model().objects.get_or_create(
            username="scale-author", defaults={"nickname": "대량 작성자", "is_staff": True}
        )
        categories = [Category.objects.get_or_create(name=name)[0].pk for name in CATEGORIES]
        tags = []
        for i in range(TAG_COUNT):
            name = f"{WORDS[i % len(WORDS)]}{i}"
            tags.append(Tag.objects.get_or_create(name=name, defaults={"slug": f"scale-tag-{i}"})[0])
        now = timezone.now()
        span = timedelta(days=3650).total_seconds()
        with connection.cursor() as cursor:
            first = _next_id(cursor, "blog_post")
            tag_first = _next_id(cursor, "blog_taggedpost")
            post_rows = Writer(
                cursor,
                "blog_post",
                [
                    "id", "title", "slug", "excerpt", "body", "body_html", "cover_image", "cover_alt",
                    "status", "published_at", "comments_enabled", "created_at", "updated_at",
                    "author_id", "category_id", "like_count", "reading_minutes", "search_text",
                ],
            )  # fmt: skip
            tag_rows = Writer(cursor, "blog_taggedpost", ["id", "content_object_id", "tag_id"])
            post_ids, slugs = [], {}
            names = list(BENCH_POSTS) + [None] * (count - len(BENCH_POSTS))
            for i, bench_slug in enumerate(names):
                pk = first + i
                # Oldest first, so ids grow with the date as on a real blog.
                published = now - timedelta(seconds=span * (count - i) / count)
                title = f"{_sentence(rng, 4)[:-1]} {pk}"
                paragraphs = [_sentence(rng, 12) for _ in range(3)]
                if pk % 10_000 == 0:
                    paragraphs.append(f"{RARE_WORD}가 나오는 글.")
                body = "\n\n".join(paragraphs)
                body_html = "".join(f"<p>{p}</p>\n" for p in paragraphs)
                excerpt = paragraphs[0][:160]
                category = categories[pk % len(categories)]
                post_tags = rng.sample(tags, 2)
                slug = bench_slug or f"scale-{pk}"
                search_text = "\n".join(
                    [
                        title,
                        " ".join(t.name for t in post_tags),
                        CATEGORIES[pk % len(CATEGORIES)],
                        excerpt,
                        body,
                    ]
                ).lower()
                post_rows.add(
                    pk, title, slug, excerpt, body, body_html, "", "", "published", published, True,
                    published, published, author.pk, category, 0, 1, search_text,
                )  # fmt: skip
                for offset, tag in enumerate(post_tags):
                    tag_rows.add(tag_first + 2 * i + offset, pk, tag.pk)
                post_ids.append(pk)
                slugs[pk] = slug
            post_rows.flush()
            tag_rows.flush()
            _move_sequence(cursor, "blog_post")
            _move_sequence(cursor, "blog_taggedpost")
        return post_ids, slugs

    def _comments(self, rng, post_ids, slugs, total, reports):
        content_type = ContentType.objects.get_for_model(Post).pk
        fixed = {pk: BENCH_POSTS[slug] for pk, slug in slugs.items() if slug in BENCH_POSTS}
        others = [pk for pk in post_ids if pk not in fixed]
        spread = total - sum(fixed.values())
        per_post = dict.fromkeys(others, 0)
        for _ in range(spread):
            per_post[others[rng.randrange(len(others))]] += 1
        per_post.update(fixed)
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM django_site ORDER BY id LIMIT 1")
            site_id = cursor.fetchone()[0]
            next_id = _next_id(cursor, "django_comments")
            base = Writer(
                cursor,
                "django_comments",
                [
                    "id", "object_pk", "user_name", "user_email", "user_url", "comment", "submit_date",
                    "is_public", "is_removed", "content_type_id", "site_id",
                ],
            )  # fmt: skip
            xtd = Writer(
                cursor,
                "django_comments_xtd_xtdcomment",
                ["comment_ptr_id", "thread_id", "parent_id", "level", "order", "followup", "nested_count"],
            )
            ours = Writer(
                cursor,
                "comments_threadedcomment",
                [
                    "xtdcomment_ptr_id", "guest_password", "is_secret", "address_hash", "held_reason",
                    "is_hidden", "removed_by_moderator", "comment_html",
                ],
            )  # fmt: skip
            for post_pk in post_ids:
                n = per_post.get(post_pk, 0)
                if not n:
                    continue
                threads = []  # [root id, replies]
                rows = []
                for j in range(n):
                    pk = next_id
                    next_id += 1
                    if threads and rng.random() < 0.3:
                        thread = threads[-1]
                        thread[1] += 1
                        rows.append((pk, thread[0], thread[0], 1, thread[1] + 1))
                    else:
                        threads.append([pk, 0])
                        rows.append((pk, pk, pk, 0, 1))
                    text = _sentence(rng, 6)
                    submitted = now - timedelta(minutes=(n - j) * 7 + post_pk % 997)
                    base.add(
                        pk, str(post_pk), f"손님{pk % 1000}", "", "", text, submitted, True, False,
                        content_type, site_id,
                    )  # fmt: skip
                    ours.add(pk, "", False, "", "", False, False, f"<p>{text}</p>")
                replies = dict(threads)
                for pk, thread_id, parent_id, level, order in rows:
                    nested = replies.get(pk, 0) if level == 0 else 0
                    xtd.add(pk, thread_id, parent_id, level, order, False, nested)
            for writer in (base, xtd, ours):
                writer.flush()
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('django_comments', 'id'), "
                    "(SELECT MAX(id) FROM django_comments))"
                )
            last = next_id - 1
            report_rows = Writer(
                cursor, "comments_commentreport", ["comment_id", "browser_key", "address_hash", "reason",
                                                   "detail", "status", "created_at"]
            )  # fmt: skip
            for k in range(min(reports, total)):
                report_rows.add(last - (k * 7) % total, f"scale-{k}", "", "spam", "", "open", now)
            report_rows.flush()
        return total
