"""Korean demo content for `make run`. Idempotent: every object is found by a natural
key first, so running it again creates nothing twice."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from blog.demo_images import demo_picture
from blog.models import Category, Post, PostImage

AUTHORS = [
    ("haneul", "하늘", "커피와 책, 그리고 느린 여행을 좋아합니다."),
    ("minsu", "민수", "웹 개발자. 배운 것을 잊기 전에 적어 둡니다."),
]

CATEGORIES = [("일상", "소소한 하루 기록"), ("여행", "걸으며 본 것들"), ("개발", "코드와 도구 이야기")]

POSTS = [
    {
        "title": "집에서 핸드드립 커피 맛있게 내리는 법",
        "author": "haneul",
        "category": "일상",
        "tags": ["커피", "핸드드립", "취미"],
        "days_ago": 1,
        "image": True,
        "body": """요즘 주말 아침마다 집에서 **핸드드립 커피**를 내리는 것이 작은 즐거움이 되었습니다.
처음에는 카페에서 마시는 맛을 따라가기 어려웠지만, 몇 가지 원칙을 지키면서 맛이 훨씬 안정되었습니다.

## 원두 고르기와 보관

가장 먼저 신경 써야 할 부분은 원두의 신선도입니다. 로스팅한 지 일주일에서 삼 주 사이의 원두가
향과 단맛이 가장 풍부하게 느껴졌습니다.

{image}

## 물 온도와 추출 시간

- 물 온도는 90~93도
- 원두 15g에 물 240ml
- 뜸 들이기 30초, 전체 추출 2분 30초 안팎

> 가장 중요한 것은 매번 같은 방법으로 내려 보고, 한 번에 하나씩만 바꿔 보는 것입니다.

아래 영상은 처음 시작할 때 많이 참고했던 추출 영상입니다.

https://www.youtube.com/watch?v=dQw4w9WgXcQ

여러분만의 레시피가 있다면 댓글로 알려 주세요.""",
    },
    {
        "title": "제주 올레길 7코스를 걷다",
        "author": "haneul",
        "category": "여행",
        "tags": ["제주", "올레길", "걷기"],
        "days_ago": 3,
        "image": True,
        "body": """외돌개에서 시작해 월평까지 이어지는 올레 7코스는 바다를 끼고 걷는 길입니다.

{image}

해안 절벽을 따라 난 길은 생각보다 오르내림이 많았지만, 곳곳에 쉬어 갈 벤치가 있었습니다.
걷는 내내 파도 소리가 함께해서 지루할 틈이 없었습니다.

### 준비물

1. 편한 운동화
2. 물과 간단한 간식
3. 햇빛을 가릴 모자""",
    },
    {
        "title": "Django로 블로그를 만들며 배운 것들",
        "author": "minsu",
        "category": "개발",
        "tags": ["Django", "파이썬", "웹개발"],
        "days_ago": 5,
        "body": """작은 블로그를 직접 만들어 보면서 배운 점을 정리합니다.

## 쿼리 수는 처음부터 세자

목록 페이지에서 글마다 댓글 수를 따로 세면 글이 늘어날수록 느려집니다.
`annotate()`와 서브쿼리로 한 번에 가져오면 글이 3개든 60개든 쿼리 수가 같습니다.

```python
posts = Post.objects.published().for_listing()
```

## 마크다운은 저장할 때 한 번만

본문은 저장할 때 HTML로 바꿔 두고, 화면에서는 저장된 HTML을 그대로 씁니다.
이때 **sanitizer**로 스크립트와 이벤트 핸들러를 반드시 걸러 냅니다.""",
    },
    {
        "title": "가을 경주 당일치기 여행",
        "author": "haneul",
        "category": "여행",
        "tags": ["경주", "가을", "걷기"],
        "days_ago": 8,
        "image": True,
        "body": """단풍이 절정일 때 경주에 다녀왔습니다. 대릉원 돌담길과 황리단길을 천천히 걸었습니다.

{image}

불국사는 아침 일찍 가면 사람이 적어서 좋습니다.""",
    },
    {
        "title": "파이썬 가상환경, 이것만 알면 충분합니다",
        "author": "minsu",
        "category": "개발",
        "tags": ["파이썬", "개발환경"],
        "days_ago": 12,
        "body": """프로젝트마다 `.venv`를 만들고, 의존성은 잠금 파일로 고정합니다.

```bash
python3.11 -m venv .venv
.venv/bin/pip install -r requirements.lock
```

이렇게 하면 새 컴퓨터에서도 똑같은 환경을 다시 만들 수 있습니다.""",
    },
    {
        "title": "비 오는 날의 동네 책방",
        "author": "haneul",
        "category": "일상",
        "tags": ["책", "책방", "취미"],
        "days_ago": 20,
        "body": """비가 오는 날이면 동네 작은 책방에 들릅니다. 주인장이 골라 둔 책들 사이를 걷다 보면
시간 가는 줄 모릅니다. 이번에는 시집 한 권과 여행 에세이 한 권을 골랐습니다.""",
    },
    {
        "title": "겨울 캠핑 준비 목록 (작성 중)",
        "author": "haneul",
        "category": "여행",
        "tags": ["캠핑"],
        "days_ago": 0,
        "status": Post.Status.DRAFT,
        "body": "아직 정리 중인 글입니다. 침낭, 난로, 핫팩 …",
    },
    {
        "title": "다음 주에 공개될 글: 연말 회고",
        "author": "minsu",
        "category": "일상",
        "tags": ["회고"],
        "days_ago": -7,
        "body": "예약 발행 예시입니다. 발행 시각이 되기 전에는 독자에게 보이지 않습니다.",
    },
]


class Command(BaseCommand):
    help = "Load the Korean demo blog (safe to run again: nothing is created twice)."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        authors_group = Group.objects.get(name="Authors")
        authors = {}
        for username, nickname, bio in AUTHORS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"nickname": nickname, "bio": bio, "is_staff": True},
            )
            if created:
                user.set_unusable_password()
                user.save()
            user.groups.add(authors_group)
            authors[username] = user

        categories = {}
        for position, (name, description) in enumerate(CATEGORIES):
            categories[name], _ = Category.objects.get_or_create(
                name=name, defaults={"description": description, "position": position}
            )

        created_posts = 0
        now = timezone.now()
        for index, spec in enumerate(POSTS):
            if Post.objects.filter(title=spec["title"]).exists():
                continue
            post = Post(
                title=spec["title"],
                author=authors[spec["author"]],
                category=categories[spec["category"]],
                body=spec["body"].replace("{image}", ""),
                status=spec.get("status", Post.Status.PUBLISHED),
                published_at=now - timedelta(days=spec["days_ago"], hours=index),
            )
            if spec.get("image"):
                post.cover_image = demo_picture(index, name=f"cover-{index}.jpg")
                post.cover_alt = f"{spec['title']} 대표 이미지"
            post.save()
            post.tags.set(spec["tags"])
            if spec.get("image"):
                picture = PostImage(post=post, alt=f"{spec['title']} 본문 사진", caption="")
                picture.image = demo_picture(index + 100, width=1000, height=620, name="body.jpg")
                picture.save()
                post.body = spec["body"].replace("{image}", picture.markdown)
                post.save()
            created_posts += 1

        self.stdout.write(
            f"Demo content: {created_posts} new posts "
            f"({Post.objects.count()} posts, {User.objects.count()} members in all)."
        )
