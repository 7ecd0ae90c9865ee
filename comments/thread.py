"""The comment area of one object, computed in Python from two queries whatever the
number of comments: a light "skeleton" of every comment (to number and paginate the
threads and to decide which removed comments stay as placeholders), then the full rows
of the threads on the shown page. Permissions for each comment come from the `Viewer`
and the object's owner ids, computed once: templates only read the flags."""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.safestring import mark_safe

from accounts.models import generated_avatar

from .models import Guestbook, ThreadedComment
from .policy import max_depth_for, policy_for
from .text import render_text


def per_page():
    return max(1, int(getattr(settings, "COMMENTS_PER_PAGE", 50) or 50))


def text_html(comment):
    """The stored HTML of the text (rendered on save); rendered now for a row written
    without save() (bulk_create, raw SQL) whose column is still empty."""
    if comment.comment_html or not comment.comment:
        return mark_safe(comment.comment_html)
    return render_text(comment.comment)


def safe_url(url):
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


@dataclass
class Skeleton:
    """Which comments of an object are shown, threads in posting order."""

    roots: list  # pks of the shown top-level comments, oldest first
    shown: set  # pks of every shown comment (live, or removed with shown replies)
    thread_of: dict  # pk -> thread_id
    count: int  # live (not removed) public comments

    def num_pages(self):
        return max(1, math.ceil(len(self.roots) / per_page()))

    def page_of(self, comment_id):
        """The page holding this comment (or its thread), or None if not shown at all."""
        thread_id = self.thread_of.get(comment_id)
        if thread_id is None or thread_id not in self.shown:
            return None
        return self.roots.index(thread_id) // per_page() + 1


def comments_of(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return ThreadedComment.norel_objects.filter(content_type=content_type, object_pk=str(obj.pk))


def skeleton_rows(obj):
    """The one light query every reader shares (cacheable for anonymous pages)."""
    return list(
        comments_of(obj)
        .order_by("thread_id", "order")
        .values_list("pk", "thread_id", "parent_id", "is_removed", "is_public", "is_hidden", "user_id")
    )


def skeleton_for(obj, viewer=None, rows=None):
    """Which comments are shown. A held comment (not public, not removed) is shown only
    to its writer (`viewer.wrote`); a comment hidden by reports stays as a placeholder."""
    if rows is None:
        rows = skeleton_rows(obj)
    hidden = set()  # not shown to this viewer, or under a comment that is not
    for pk, _thread_id, parent_id, removed, is_public, _h, user_id in rows:
        own_held = not is_public and not removed and viewer is not None and viewer.wrote(pk, user_id)
        if (not is_public and not own_held) or (parent_id != pk and parent_id in hidden):
            hidden.add(pk)
    shown = set()
    # Children come after their parent in (thread_id, order): walking backwards, every
    # comment's replies are decided before the comment itself.
    has_shown_child = set()
    for pk, _thread_id, parent_id, removed, *_rest in reversed(rows):
        if pk in hidden:
            continue
        if not removed or pk in has_shown_child:
            shown.add(pk)
            if parent_id != pk:
                has_shown_child.add(parent_id)
    roots = [row[0] for row in rows if row[0] == row[1] and row[0] in shown]
    count = sum(
        1
        for pk, _t, _p, removed, public, is_hidden, _u in rows
        if pk in shown and public and not removed and not is_hidden
    )
    thread_of = {pk: thread_id for pk, thread_id, *_ in rows}
    return Skeleton(roots=roots, shown=shown, thread_of=thread_of, count=count)


@dataclass
class Node:
    comment: ThreadedComment
    number: int | None = None  # ThreadedComment.number: 1, 2, 3 … for threads, fixed at posting
    children: list = field(default_factory=list)
    is_placeholder: bool = False
    placeholder: str = ""  # "removed" (by its writer), "moderated", "hidden" (reports)
    is_held: bool = False  # waits for approval: only its writer sees it
    secret_hidden: bool = False
    text_html: str = ""
    name: str = ""
    homepage: str = ""
    avatar_url: str = ""  # a member's photo; without one, the generated avatar:
    avatar_colour: int = 0  # accounts.models.generated_avatar, drawn by the stylesheet
    avatar_initial: str = ""
    is_owner: bool = False
    is_member: bool = False
    can_edit: bool = False
    show_edit: bool = False
    can_delete: bool = False
    show_delete: bool = False
    can_report: bool = False
    can_reply: bool = False
    reply_to_id: int | None = None
    needs_password: bool = False
    show_history: bool = False

    @property
    def pk(self):
        return self.comment.pk


def describe(comment, viewer, owner_ids, is_open, max_depth):
    """The comment as this viewer sees it: display data and what they may do."""
    c = comment
    node = Node(comment=c)
    node.is_member = c.user_id is not None
    if node.is_member and c.user is not None:
        node.name = c.user.display_name
        node.homepage = safe_url(c.user.homepage)
        if c.user.avatar:
            node.avatar_url = c.user.avatar.url
        else:
            node.avatar_colour, node.avatar_initial = c.user.generated_avatar
    else:
        node.name = c.user_name
        node.homepage = safe_url(c.user_url)
        node.avatar_colour, node.avatar_initial = generated_avatar(f"guest:{c.user_name}", c.user_name)
    node.is_owner = node.is_member and c.user_id in owner_ids
    if c.is_removed:
        node.is_placeholder = True
        node.placeholder = "moderated" if c.removed_by_moderator else "removed"
        return node
    if c.is_hidden:
        node.is_placeholder = True
        node.placeholder = "hidden"
        return node
    node.is_held = not c.is_public
    is_own = viewer.user_id is not None and c.user_id == viewer.user_id
    unlocked = c.user_id is None and c.pk in viewer.unlocked
    is_owner_viewer = viewer.user_id is not None and viewer.user_id in owner_ids
    may_read = not c.is_secret or is_own or unlocked or is_owner_viewer or viewer.is_moderator
    node.secret_hidden = not may_read
    if may_read:
        node.text_html = text_html(c)
    node.can_edit = is_own or unlocked
    node.can_delete = is_own or unlocked or is_owner_viewer or viewer.is_moderator
    is_guest = c.user_id is None
    node.show_edit = node.can_edit or is_guest
    node.show_delete = node.can_delete or is_guest
    node.needs_password = is_guest and not unlocked
    node.can_report = not is_own and not unlocked and not viewer.wrote(c.pk, c.user_id)
    node.can_reply = is_open and not node.is_held
    node.show_history = viewer.is_moderator and c.edited_at is not None
    # Replies nest at most max_depth levels; below that a reply joins the parent's thread.
    if c.level < max_depth:
        node.reply_to_id = c.pk
    else:
        node.reply_to_id = c.parent_id
    return node


@dataclass
class Section:
    obj: object
    nodes: list
    count: int
    page: int
    num_pages: int
    is_open: bool
    viewer: object

    @property
    def is_guestbook(self):
        """The guestbook's entries are 방명록 n, not 댓글 n."""
        return isinstance(self.obj, Guestbook)

    @property
    def base_url(self):
        return self.obj.get_absolute_url()

    @property
    def page_query(self):
        return f"?cpage={self.page}" if self.num_pages > 1 else ""

    @property
    def page_numbers(self):
        return range(1, self.num_pages + 1)

    @property
    def shown_range(self):
        """(first, last) comment numbers on this page, when there is more than one page:
        "댓글 72 · 51–72"."""
        numbers = [node.number for node in self.nodes if node.number]
        if self.num_pages < 2 or not numbers:
            return None
        return min(numbers), max(numbers)

    @property
    def previous_page(self):
        """The page of the older comments ("이전 댓글 보기"), or None on the first."""
        return self.page - 1 if self.page > 1 else None


def build_section(obj, viewer, page=None):
    """Everything the comment area of `obj` shows to `viewer` on comment page `page`
    (default: the last, newest page)."""
    pol = policy_for(obj)
    owner_ids = set(pol.owner_ids(obj)) if pol else set()
    is_open = bool(pol and pol.is_open(obj))
    content_type = ContentType.objects.get_for_model(obj)
    max_depth = max_depth_for(content_type)
    skeleton = skeleton_for(obj, viewer)
    num_pages = skeleton.num_pages()
    if page is None or page < 1 or page > num_pages:
        page = num_pages
    size = per_page()
    first = (page - 1) * size
    page_roots = skeleton.roots[first : first + size]
    nodes = []
    if page_roots:
        rows = (
            comments_of(obj)
            .filter(thread_id__in=page_roots)
            .select_related("user")
            .order_by("thread_id", "order")
        )
        by_pk = {}
        for c in rows:
            if c.pk not in skeleton.shown:
                continue
            node = describe(c, viewer, owner_ids, is_open, max_depth)
            by_pk[c.pk] = node
            if c.pk == c.thread_id:
                node.number = c.number
                nodes.append(node)
            else:
                parent = by_pk.get(c.parent_id)
                if parent is not None:
                    parent.children.append(node)
    return Section(
        obj=obj,
        nodes=nodes,
        count=skeleton.count,
        page=page,
        num_pages=num_pages,
        is_open=is_open,
        viewer=viewer,
    )


def comment_anchor_url(comment):
    """Where the permalink of `comment` leads: object URL, comment page and anchor."""
    obj = comment.content_object
    if obj is None or not hasattr(obj, "get_absolute_url"):
        return None
    url = obj.get_absolute_url()
    skeleton = skeleton_for(obj)
    page = skeleton.page_of(comment.pk)
    if page is None:
        return f"{url}#comments"
    query = f"?cpage={page}" if skeleton.num_pages() > 1 else ""
    anchor = comment.pk if comment.pk in skeleton.shown else comment.thread_id
    return f"{url}{query}#comment-{anchor}"
