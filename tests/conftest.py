import pytest
from django.contrib.auth.models import Group

from core.roles import ANALYST, CURATOR, VIEWER

PASSWORD = "a-long-test-password-42"


def _user(django_user_model, username: str, role: str | None):
    user = django_user_model.objects.create_user(username, password=PASSWORD)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def viewer(db, django_user_model):
    return _user(django_user_model, "vera-viewer", VIEWER)


@pytest.fixture
def analyst(db, django_user_model):
    return _user(django_user_model, "ana-analyst", ANALYST)


@pytest.fixture
def curator(db, django_user_model):
    return _user(django_user_model, "cora-curator", CURATOR)


@pytest.fixture
def outsider(db, django_user_model):
    """Signed in, but given no role."""
    return _user(django_user_model, "otto-outsider", None)


def _client_for(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def viewer_client(viewer):
    from django.test import Client

    return _client_for(Client, viewer)


@pytest.fixture
def analyst_client(analyst):
    from django.test import Client

    return _client_for(Client, analyst)


@pytest.fixture
def curator_client(curator):
    from django.test import Client

    return _client_for(Client, curator)


@pytest.fixture
def seeded(db):
    """The seed articles and their curated annotations, loaded."""
    from claims.seeds import load_seeds

    return load_seeds()
