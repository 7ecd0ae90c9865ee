import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import AuthorFactory, PostFactory, UserFactory


@pytest.fixture(autouse=True)
def _clean_state():
    """Each test starts in Korean with an empty cache (rate limits live there)."""
    cache.clear()
    translation.activate("ko")
    yield
    cache.clear()


@pytest.fixture
def author(db):
    return AuthorFactory()


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def post(db, author):
    return PostFactory(author=author)
