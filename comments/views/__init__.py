"""Our comment views, by concern: `posting` (the comment form's POST and the reply page),
`writer` (what a comment's writer and its readers do to one comment: edit, delete,
password, report, history), `queue` (the moderation queue), `reading` (permalink,
guestbook, unsubscribe). `base` holds what they share: the load-and-404 decorator and the
message page. None of xtd's or django_comments' views is reachable: every page a reader
sees is rendered from our templates, in the reader's language.

Views turn outcomes into responses; what happens to comments is decided in
`comments.posting` (new comments and edits) and `comments.moderation` (reports and
moderators' actions)."""
