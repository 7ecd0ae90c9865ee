"""Admin messages name a thing in quotes and then a particle: it follows the name's last
syllable (글 "가을 여행"이 …, 카테고리 "일상"이 …, "커피"가 …)."""

import re

import pytest
from django.urls import reverse

from core.korean import fix_particles


@pytest.mark.parametrize(
    "name, expected",
    [("여행", '"여행"이 성공적으로 추가되었습니다'), ("커피", '"커피"가 성공적으로 추가되었습니다')],
)
def test_admin_add_message_uses_the_right_particle(admin_client, name, expected):
    response = admin_client.post(
        reverse("admin:blog_category_add"),
        {"name": name, "slug": "", "description": "", "position": 0},
        follow=True,
    )
    # The admin links the name: 카테고리 "<a href="…">여행</a>"이 …
    messages = [re.sub(r"<[^>]+>", "", m.message) for m in response.context["messages"]]
    assert any(expected in m for m in messages), messages


def test_linked_names_keep_their_html_and_get_the_right_particle():
    from django.utils.html import format_html
    from django.utils.safestring import SafeData

    html = format_html('글 "{}"가 변경되었습니다.', format_html('<a href="/p/">{}</a>', "경주 여행"))
    fixed = fix_particles(html)
    assert fixed == '글 "<a href="/p/">경주 여행</a>"이 변경되었습니다.'
    assert isinstance(fixed, SafeData)
    assert fix_particles('"가" 라는 글자') == '"가" 라는 글자'
