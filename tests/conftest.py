import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import AuthorFactory, PostFactory, UserFactory, fixture_of


@pytest.fixture(autouse=True)
def _clean_state():
    """Each test starts in Korean with an empty cache (rate limits live there)."""
    from core.throttle import _local_counts  # counts kept while the shared cache is down

    cache.clear()
    _local_counts.clear()
    translation.activate("ko")
    yield
    cache.clear()
    _local_counts.clear()


author = fixture_of(AuthorFactory)
member = fixture_of(UserFactory)


@pytest.fixture
def post(db, author):
    return PostFactory(author=author)
