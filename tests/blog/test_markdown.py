"""The body sanitiser: what an author writes can never run script in a reader's browser."""

import pytest

from blog.markdown import render_markdown, video_embed_url


def test_paragraphs_headings_and_lists_render():
    html = render_markdown("## 제목\n\n첫 문단\n\n- 하나\n- 둘")
    assert "<h2>제목</h2>" in html
    assert "<p>첫 문단</p>" in html
    assert "<li>하나</li>" in html


@pytest.mark.parametrize(
    "source, forbidden",
    [
        ("<script>alert(1)</script>안녕", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ("[누르기](javascript:alert(1))", "javascript:"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<iframe src="https://evil.example/x"></iframe>', "<iframe"),
        ('<div style="background:url(javascript:x)">x</div>', "style="),
        ('<svg onload="alert(1)"></svg>', "onload"),
    ],
)
def test_dangerous_markup_is_removed(source, forbidden):
    assert forbidden not in render_markdown(source).lower()


def test_youtube_link_on_its_own_line_becomes_a_click_to_play_facade():
    html = render_markdown("영상입니다.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n끝.")
    # No player (nothing fetched from the video site) until the reader clicks play.
    assert "<iframe" not in html
    assert (
        '<div class="video-embed" data-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" '
        'data-title="YouTube 동영상">'
    ) in html
    assert '<a class="video-embed__play" href="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ">' in html
    assert "YouTube 동영상 재생" in html
    assert "<p>끝.</p>" in html


def test_vimeo_and_short_youtube_links_embed():
    assert video_embed_url("https://youtu.be/dQw4w9WgXcQ").endswith("/embed/dQw4w9WgXcQ")
    assert video_embed_url("https://vimeo.com/76979871") == "https://player.vimeo.com/video/76979871?dnt=1"
    assert video_embed_url("https://example.com/watch?v=dQw4w9WgXcQ") is None


def test_video_link_inside_a_sentence_stays_a_link_and_raw_iframe_is_dropped():
    html = render_markdown(
        "이 영상 https://www.youtube.com/watch?v=dQw4w9WgXcQ 좋아요\n\n"
        '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>'
    )
    assert "<iframe" not in html


def test_images_load_lazily_and_keep_alt_text():
    html = render_markdown("![커피 사진](/media/posts/a.jpg)")
    assert 'alt="커피 사진"' in html
    assert 'loading="lazy"' in html
