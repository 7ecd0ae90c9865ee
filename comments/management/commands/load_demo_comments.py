"""Korean demo comments for `make run` (after `load_demo`): threads with replies, a secret
comment, guest comments, the owner answering, a guestbook. Idempotent: an object that
already has its first demo comment is left alone.

Works on any model registered in comments.policy (comments never imports blog)."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction

from comments import policy
from comments.models import Guestbook, ThreadedComment

GUEST_PASSWORD = "demo1234"  # guests' demo comments: edit or delete them with this

READERS = [("reader_jiwoo", "지우"), ("reader_seoyeon", "서연")]

# (key, parent key, writer, text, secret); writer: "owner", a reader username, or
# "guest:<nickname>".
THREAD = [
    ("a", None, "reader_jiwoo", "글 잘 읽었습니다! 저도 주말마다 비슷하게 해 보고 있어요.", False),
    ("a1", "a", "owner", "읽어 주셔서 고마워요 :) 해 보시고 후기도 알려 주세요.", False),
    ("a2", "a1", "reader_jiwoo", "네, 다음 주에 꼭 다시 들를게요.", False),
    ("b", None, "guest:지나가던나그네", "좋은 정보 감사합니다.\n참고한 글: https://example.com/notes", False),
    (
        "c",
        None,
        "reader_seoyeon",
        "개인적으로 여쭤보고 싶은 게 있어서 비밀댓글로 남깁니다. 연락 가능할까요?",
        True,
    ),
    ("c1", "c", "owner", "메일로 연락드릴게요!", True),
    ("d", None, "guest:커피러버", "사진이 정말 예쁘네요. 어디서 찍으셨어요?", False),
    ("d1", "d", "reader_seoyeon", "저도 궁금했어요!", False),
]

GUESTBOOK = [
    ("g", None, "guest:동네이웃", "블로그 자주 놀러 올게요. 좋은 하루 보내세요!", False),
    ("g1", "g", "owner", "반갑습니다! 자주 들러 주세요.", False),
    ("h", None, "reader_jiwoo", "방명록 남기고 갑니다 ✍️", False),
]


class Command(BaseCommand):
    help = "Create Korean demo comments on posts and the guestbook (idempotent)."

    def handle(self, *args, **options):
        users = self.readers()
        created = 0
        with transaction.atomic():
            for obj in self.targets():
                created += self.fill(obj, GUESTBOOK if isinstance(obj, Guestbook) else THREAD, users)
        self.stdout.write(self.style.SUCCESS(f"Demo comments: {created} created."))

    def readers(self):
        User = get_user_model()
        users = {}
        for username, nickname in READERS:
            user, made = User.objects.get_or_create(
                username=username, defaults={"nickname": nickname, "email": f"{username}@example.com"}
            )
            if made:
                user.set_unusable_password()
                user.save()
            users[username] = user
        return users

    def targets(self):
        yield Guestbook.get()
        for model in list(policy._registry):
            if model is Guestbook:
                continue
            pol = policy.policy_for(model)
            objects = [o for o in model._default_manager.order_by("-pk")[:20] if pol.is_open(o)]
            yield from objects[:3]

    def fill(self, obj, script, users):
        content_type = ContentType.objects.get_for_model(obj)
        existing = ThreadedComment.norel_objects.filter(content_type=content_type, object_pk=str(obj.pk))
        if existing.filter(comment=script[0][3]).exists():
            return 0
        owner_ids = sorted(policy.policy_for(obj).owner_ids(obj))
        owner = get_user_model().objects.filter(pk__in=owner_ids[:1]).first()
        if owner is None:  # the guestbook: the blog's first staff member answers there
            owner = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
        made = {}
        for key, parent_key, writer, text, secret in script:
            comment = ThreadedComment(
                content_type=content_type,
                object_pk=str(obj.pk),
                site_id=1,
                comment=text,
                is_secret=secret,
                parent_id=made[parent_key].pk if parent_key else 0,
            )
            if writer == "owner" and owner is None:
                writer = "guest:지나가던 이웃"  # never a reserved name such as 주인장
            if writer == "owner":
                comment.user, comment.user_name = owner, owner.display_name
            elif writer.startswith("guest:"):
                comment.user_name = writer.split(":", 1)[1]
                comment.set_guest_password(GUEST_PASSWORD)
            else:
                user = users[writer]
                comment.user, comment.user_name = user, user.display_name
            comment.save()
            made[key] = comment
        return len(made)
