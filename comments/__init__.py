"""Threaded comments on any registered object (blog posts, the guestbook).

What we take from django-comments-xtd (and django-contrib-comments under it):
- the columns: `XtdComment` (thread_id, parent_id, level, order, nested_count, followup,
  is_public, is_removed) and its migrations; `ThreadedComment` (models.py) adds ours;
- the security form: `CommentSecurityForm` (content type, object pk, timestamp, security
  hash, honeypot) under our CommentForm (forms.py), and django_comments' posting signals;
- the admin: django_comments' CommentsAdmin as the base of ours (admin.py).

What we replace, because xtd's version is broken or missing for us
(../shared/notes/comments-xtd.md):
- the views: none of xtd's or django_comments' views is reachable (views/);
- the threaded insert: `ThreadedComment.save()` inserts a reply in one transaction under the
  thread root's row lock (xtd computes `order` without locks and corrupts trees);
- the notifications: notify.py (xtd mails signed pickles acted on by GET);
- moderation: reports, hold rules, the queue and its log (moderation.py, views/queue.py),
  instead of xtd's flags and moderator hooks;
- the comment list: thread.py decides what each reader sees and may do, once per page;
  templates/comments/_comments.jinja writes it (xtd's tree template has an N+1 query).

The way in for a new comment or an edit is posting.submit().
"""
