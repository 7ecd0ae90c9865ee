"""Delete removed comments older than a retention period, for good.

Only comments removed (soft-deleted) more than --days ago are candidates. A removed comment
that still has replies which are not themselves purged stays, as the placeholder that holds
its thread together; it goes in a later run once its replies are gone. Each deleted comment
is written to the moderation log (number, excerpt, object) before it is deleted."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from comments.models import ModerationAction, ThreadedComment


class Command(BaseCommand):
    help = "Delete comments removed more than N days ago (default COMMENTS_PURGE_AFTER_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=getattr(settings, "COMMENTS_PURGE_AFTER_DAYS", 90))
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be deleted.")

    def handle(self, *args, days, dry_run, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - timezone.timedelta(days=days)
        old = set(
            ThreadedComment.norel_objects.filter(is_removed=True)
            .exclude(removed_at__gt=cutoff)
            .exclude(removed_at__isnull=True, submit_date__gt=cutoff)
            .values_list("pk", flat=True)
        )
        # Keep a placeholder while any reply under it stays: walk from the deepest level up.
        rows = ThreadedComment.norel_objects.filter(
            thread_id__in=ThreadedComment.norel_objects.filter(pk__in=old).values("thread_id")
        ).values_list("pk", "parent_id", "level")
        children = {}
        for pk, parent_id, level in rows:
            if parent_id != pk:
                children.setdefault(parent_id, []).append((pk, level))
        purge, kept = set(), set()
        levels = {pk: level for pk, _parent, level in rows}
        for pk in sorted(old, key=lambda p: -levels.get(p, 0)):
            if all(child in purge for child, _level in children.get(pk, [])):
                purge.add(pk)
            else:
                kept.add(pk)
        comments = list(ThreadedComment.norel_objects.filter(pk__in=purge).order_by("pk"))
        verb = "Would delete" if dry_run else "Deleting"
        for c in comments:
            self.stdout.write(
                f"{verb} #{c.pk} ({c.content_type_id}:{c.object_pk}) "
                f"removed {c.removed_at or c.submit_date:%Y-%m-%d}"
            )
        if kept:
            self.stdout.write(
                f"Kept {len(kept)} removed comment(s) that still have replies: "
                + ", ".join(f"#{pk}" for pk in sorted(kept))
            )
        if dry_run:
            self.stdout.write(f"Dry run: {len(comments)} comment(s) would be deleted.")
            return
        with transaction.atomic():
            for c in comments:
                ModerationAction.record(
                    ModerationAction.Kind.PURGE,
                    c,
                    reason=f"removed {c.removed_at or c.submit_date:%Y-%m-%d}, older than {days} days",
                )
            # Deepest first so no row is deleted while a reply still points to it.
            for c in sorted(comments, key=lambda c: -c.level):
                ThreadedComment.norel_objects.filter(pk=c.pk).delete()
        self.stdout.write(self.style.SUCCESS(f"Deleted {len(comments)} comment(s)."))
