"""The Content-Security-Policy (django-csp) is on every HTML response, and no page, public or
admin, carries what it refuses: an inline <script>, a <style> element or a style="" attribute.
The browser side (nothing refused in Chromium's console) is tests/e2e/test_csp_journey.py."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from comments.models import Guestbook
from tests.comments.conftest import make_comment
from tests.factories import UserFactory

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


def policy(response):
    parts = (part.partition(" ") for part in response["Content-Security-Policy"].split("; "))
    return {name: value for name, _space, value in parts}


# The post editor frames its own live preview (blog/editor_preview.html): that page, and
# only that page, also allows frames from 'self'.
OWN_FRAME_PAGES = {"admin:blog_post_add", "admin:blog_post_change"}


def assert_strict(response, url):
    assert response.status_code == 200, url
    csp = policy(response)
    assert csp["script-src"] == "'self'", url
    assert csp["style-src"] == "'self'", url
    assert csp["img-src"] == "'self' data:", url
    frames = "https://www.youtube-nocookie.com https://player.vimeo.com"
    if url in OWN_FRAME_PAGES or (url.startswith("/admin/blog/post/") and url.endswith("/change/")):
        frames += " 'self'"
    assert csp["frame-src"] == frames, url
    assert "unsafe-inline" not in response["Content-Security-Policy"], url
    html = response.content.decode()
    assert not INLINE_SCRIPT.findall(html), (url, INLINE_SCRIPT.findall(html))
    assert not INLINE_STYLE.findall(html), (url, INLINE_STYLE.findall(html)[:3])
    assert not INLINE_HANDLER.findall(html), (url, INLINE_HANDLER.findall(html)[:3])


@pytest.mark.django_db
def test_public_pages_have_a_strict_policy_and_nothing_inline(client, post):
    post.body = "영상입니다.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ"
    post.save()
    make_comment(post, text="첫 댓글")
    make_comment(Guestbook.get(), text="방명록 글")
    urls = [
        "/",
        post.get_absolute_url(),
        reverse("comments:guestbook"),
        reverse("accounts:login"),
        reverse("accounts:signup"),
        reverse("blog:search") + "?q=영상",
        reverse("blog:author", kwargs={"username": post.author.username}),
    ]
    for url in urls:
        assert_strict(client.get(url), url)
    # The same pages for a member (header with the profile and logout form).
    client.force_login(UserFactory())
    for url in [*urls[:3], reverse("accounts:profile")]:
        assert_strict(client.get(url), url)


@pytest.mark.django_db
def test_error_pages_have_nothing_inline(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response
    assert not INLINE_STYLE.findall(response.content.decode())
    from django.template.loader import render_to_string

    assert not INLINE_STYLE.findall(render_to_string("500.html"))


@pytest.mark.django_db
def test_every_admin_list_and_add_page_has_nothing_inline(client, post):
    """Django's admin mostly keeps to files; this walks every registered model so a new
    ModelAdmin (or a Django upgrade) that adds inline markup is caught here."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert_strict(client.get(reverse("admin:index")), "admin:index")
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        names = [f"admin:{opts.app_label}_{opts.model_name}_changelist"]
        if model_admin.has_add_permission(_request_for(client)):
            names.append(f"admin:{opts.app_label}_{opts.model_name}_add")
        for name in names:
            assert_strict(client.get(reverse(name)), name)
    change = reverse("admin:blog_post_change", args=[post.pk])
    assert_strict(client.get(change), change)


def _request_for(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = UserFactory.build(is_staff=True, is_superuser=True, is_active=True)
    return request
