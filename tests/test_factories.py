import pytest
from django.contrib.auth.models import Group

from tests.factories import AuthorFactory, ModeratorFactory


@pytest.mark.django_db
def test_groups_come_back_with_their_permissions_after_a_flush():
    """Transactional tests flush the rows data migrations made; factories restore them."""
    Group.objects.all().delete()
    author, moderator = AuthorFactory(), ModeratorFactory()
    assert author.has_perm("blog.add_post")
    assert moderator.has_perm("django_comments.can_moderate")
