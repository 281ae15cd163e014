import pytest

from core.roles import ANALYST, VIEWER
from tests.conftest import _user


@pytest.fixture
def watcher(db, django_user_model):
    """A viewer who follows things: watching needs no more than reading."""
    user = _user(django_user_model, "wanda-watcher", VIEWER)
    user.email = "wanda@example.org"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def other_watcher(db, django_user_model):
    return _user(django_user_model, "olaf-other", ANALYST)
