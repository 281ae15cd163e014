import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The personas' passwords are never checked here; hashing each one properly costs most of a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle counts live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def _token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api(db):
    """An API client with no credentials."""
    return APIClient()


@pytest.fixture
def viewer_api(viewer):
    return _token_client(viewer)


@pytest.fixture
def analyst_api(analyst):
    return _token_client(analyst)


@pytest.fixture
def curator_api(curator):
    return _token_client(curator)


@pytest.fixture
def outsider_api(outsider):
    return _token_client(outsider)
